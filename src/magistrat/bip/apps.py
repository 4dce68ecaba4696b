from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BipConfig(AppConfig):
    name = "magistrat.bip"
    label = "bip"
    verbose_name = _("Public Information Bulletin")

    def ready(self):
        from magistrat.bip.audit_actions import ACTIONS, DETAILS
        from magistrat.core.audit_labels import register_actions, register_details

        register_actions(ACTIONS)
        register_details(DETAILS)
        import magistrat.bip.permissions  # noqa: F401 - the bulletin's rules (`core.permissions.rule`)
        from magistrat.bip.mirror import item_pages
        from magistrat.bip.sources import register_source

        register_source("items", pages=item_pages)  # the bulletin's own items; other apps add theirs
        from django.db.models.signals import post_migrate

        from magistrat.bip.attention import bulletin_attention
        from magistrat.core.attention import register

        post_migrate.connect(_install_menu, sender=self)
        register(bulletin_attention)
        from magistrat.bip.jobs import JOBS
        from magistrat.core.demo import register_seeder
        from magistrat.core.scheduling import register_jobs

        register_jobs(JOBS)
        register_seeder("magistrat.bip.demo.seed", order=20, live=True)
        # The BIP shows the office and its units (header, entity menu): their changes end cached pages.
        from django.db.models.signals import post_save

        from magistrat.org.models import Office, Unit

        for model in (Office, Unit):
            post_save.connect(_organisation_changed, sender=model, dispatch_uid=f"bip-pages-{model.__name__}")
        # The quality policy in force is published on the bulletin (bip/quality_policy.py).
        from magistrat.bip import quality_policy
        from magistrat.quality.models import PolicyVersion

        quality_policy.register()
        from magistrat.core.sitemaps import register_sitemap

        register_sitemap("bip_public:sitemap")
        post_save.connect(quality_policy.policy_changed, sender=PolicyVersion, dispatch_uid="bip-policy")


def _install_menu(sender, **kwargs):
    """A fresh install gets the statutory subject menu (an office's own tree is never overwritten);
    the triggers that keep published versions unchangeable are (re)created. Cached public pages
    end: a new release (`magistrat serve` migrates on start) may render them differently."""
    from importlib import import_module

    from django.db import connections

    from magistrat.bip.changes import public_content_changed
    from magistrat.bip.services import subject_menu_install

    using = kwargs.get("using", "default")
    subject_menu_install(using=using)
    import_module("magistrat.bip.migrations.0002_versions_append_only").install(connections[using])
    public_content_changed(reason="bip.migrated")


def _organisation_changed(sender, **kwargs):
    from magistrat.bip.changes import public_content_changed

    public_content_changed(reason=f"org.{sender._meta.model_name}")
