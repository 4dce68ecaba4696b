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
        from magistrat.registers.attention import registers_attention
        from magistrat.registers.intake import REGISTERS

        register(registers_attention)
        for entry in REGISTERS:
            intake.register(entry)
        from magistrat.core import numbering
        from magistrat.registers import permissions  # noqa: F401 - registers the rules of `may`
        from magistrat.registers.models import Complaint, InfoRequest, Petition

        for model in (Complaint, InfoRequest, Petition):  # their filing symbols are office configuration
            numbering.declare(model.number_register, label=model._meta.verbose_name_plural)
        from magistrat.registers import bip_sources

        bip_sources.register()  # the petitions register on the BIP: its pages, menu links and mirror
        from magistrat.core.demo import register_seeder

        register_seeder("magistrat.registers.demo.seed", order=20)
        register_seeder("magistrat.registers.demo.seed_live", order=30, live=True)
        from magistrat.registers import nc_source

        nc_source.register()  # justified complaints raise nonconformities in the quality register
        from magistrat.registers import nc_late_reply

        nc_late_reply.register()  # so do replies to requests for public information given late
        import magistrat.registers.kpi_sources  # noqa: F401 - cases closed on time as KPI sources (performance)
