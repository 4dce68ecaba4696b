from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "magistrat.registers"
    label = "registers"
    verbose_name = _("Registers")

    def ready(self):
        from magistrat.core.attention import register
        from magistrat.registers.attention import (
            complaints_attention,
            info_requests_attention,
            petitions_attention,
        )

        register(complaints_attention)
        register(info_requests_attention)
        register(petitions_attention)
