"""Internal audits (ISO 9001 9.2, ISO/IEC 27001 9.2, management control): one engine for the audit
programme, plans, auditors and their independence, checklists from clause catalogues, findings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "magistrat.audits"
    label = "audits"
    verbose_name = _("Internal audits")

    def ready(self):
        from django.db.models.signals import post_migrate

        import magistrat.audits.permissions  # noqa: F401 - registers the auditors' and units' rules
        from magistrat.audits import nc_source, review_input

        review_input.register()  # audit results for the management review (ISO 9001 9.3.2 c 6)
        from magistrat.audits.attention import audits_attention
        from magistrat.audits.audit_actions import ACTIONS, DETAILS
        from magistrat.audits.catalogues import SHIPPED, register_catalogue, shipped
        from magistrat.core.account import register_link
        from magistrat.core.attention import register
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.core.demo import register_seeder

        register_actions(ACTIONS)
        register_details(DETAILS)
        for name in SHIPPED:
            register_catalogue(shipped(name))
        post_migrate.connect(_load_catalogues, sender=self)
        register(audits_attention)
        nc_source.register()  # nonconforming findings open records in the quality register
        # After the quality seeders: the findings' nonconformities join the register they fill.
        register_seeder("magistrat.audits.demo.seed", order=95, live=True)
        register_link(label=_("My audits"), url_name="audits:my_audits")


def _load_catalogues(sender, **kwargs):
    """Every registered clause catalogue (ours and the modules') on a fresh install and after upgrades."""
    from magistrat.audits.catalogues import catalogues_load

    catalogues_load(using=kwargs.get("using", "default"))
