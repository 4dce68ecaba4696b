from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "magistrat.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from magistrat.core.audit_actions import ACTIONS, DETAILS
        from magistrat.core.audit_labels import register_actions, register_details

        register_actions(ACTIONS)
        register_details(DETAILS)
        from magistrat.core import signals  # noqa: F401  (authentication events → audit trail)
        from magistrat.core.attention import failed_sign_ins, register
        from magistrat.core.collation import install

        install()  # Polish alphabetical order of names on SQLite

        register(failed_sign_ins)
        from magistrat.core.jobs import JOBS
        from magistrat.core.scheduling import register_jobs

        register_jobs(JOBS)
