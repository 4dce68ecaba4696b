from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IsmsConfig(AppConfig):
    name = "magistrat.isms"
    label = "isms"
    verbose_name = _("Information security")

    def ready(self):
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.isms.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        from django.db.models.signals import post_migrate

        import magistrat.isms.permissions  # noqa: F401 - registers the owners' rule with core.permissions
        from magistrat.core.attention import register
        from magistrat.isms.attention import isms_attention
        from magistrat.isms.intake import DATA_SUBJECT_REQUESTS
        from magistrat.org import intake

        post_migrate.connect(_load_reference, sender=self)
        register(isms_attention)
        intake.register(DATA_SUBJECT_REQUESTS)
        from magistrat.core import numbering
        from magistrat.isms.models import DataSubjectRequest, Incident
        from magistrat.isms.services.incidents import NUMBERING

        # Their filing symbols (case-number prefixes) are office configuration.
        for code, model in ((DataSubjectRequest.number_register, DataSubjectRequest), (NUMBERING, Incident)):
            numbering.declare(code, label=model._meta.verbose_name_plural)
        from magistrat.core.demo import register_seeder
        from magistrat.core.scheduling import register_jobs
        from magistrat.isms.jobs import JOBS

        register_jobs(JOBS)
        register_seeder("magistrat.isms.demo.seed", order=10, live=True)
        from magistrat.isms import nc_source

        nc_source.register()  # incidents raise nonconformities in the quality register
        from magistrat.isms import audit_catalogue

        audit_catalogue.register()  # ISO/IEC 27001 clauses and Annex A for internal audits
        from magistrat.isms import review_input

        review_input.register()  # incidents and risk treatment for the management review
        import magistrat.isms.kpi_sources  # noqa: F401 - security incidents as a KPI source (performance)


def _load_reference(sender, **kwargs):
    """Reference catalogues and risk matrices after every migrate: a fresh install has them."""
    from magistrat.isms.reference import reference_load

    reference_load(using=kwargs.get("using", "default"))
