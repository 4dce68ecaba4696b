from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "magistrat.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from magistrat.core.attention import register
        from magistrat.org.attention import org_attention

        register(org_attention)
