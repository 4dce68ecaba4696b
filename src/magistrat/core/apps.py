from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "magistrat.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from magistrat.core import signals  # noqa: F401  (authentication events → audit trail)
        from magistrat.core.attention import failed_sign_ins, register

        register(failed_sign_ins)
