from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "magistrat.services"
    label = "services"
    verbose_name = _("Service catalogue")

    def ready(self):
        from magistrat.core.audit_labels import register_actions
        from magistrat.services.audit_actions import ACTIONS

        register_actions(ACTIONS)
