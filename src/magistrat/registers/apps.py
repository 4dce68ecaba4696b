from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "magistrat.registers"
    label = "registers"
    verbose_name = _("Registers")

    def ready(self):
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.registers.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        from magistrat.core.attention import register
        from magistrat.org import intake
        from magistrat.registers.attention import (
            complaints_attention,
            info_requests_attention,
            petitions_attention,
        )
        from magistrat.registers.intake import REGISTERS

        register(complaints_attention)
        register(info_requests_attention)
        register(petitions_attention)
        for entry in REGISTERS:
            intake.register(entry)
