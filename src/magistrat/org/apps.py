from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "magistrat.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from magistrat.core.permissions import use_directory
        from magistrat.org.directory import OrgDirectory

        use_directory(OrgDirectory())
        from magistrat.core.numbering import use_prefixes
        from magistrat.org.filing import symbol

        use_prefixes(symbol)  # case numbers start with the office's filing symbols
        from magistrat.core.audit_labels import register_actions, register_details
        from magistrat.org.audit_actions import ACTIONS, DETAILS

        register_actions(ACTIONS)
        register_details(DETAILS)
        from magistrat.core.attention import register
        from magistrat.org.attention import org_attention
        from magistrat.org.intake import intake_attention

        register(org_attention)
        register(intake_attention)
        from magistrat.core.demo import register_seeder

        register_seeder("magistrat.org.demo.seed", order=10)  # first: every seeder uses its units and heads
