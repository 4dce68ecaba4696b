from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "magistrat.services"
    label = "services"
    verbose_name = _("Service catalogue")

    def ready(self):
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.services.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        from magistrat.core.demo import register_seeder

        register_seeder("magistrat.services.demo.seed", order=40)
