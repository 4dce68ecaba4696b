"""Internal audits (ISO 9001 9.2, ISO/IEC 27001 9.2, management control): one engine for the audit
programme, plans, auditors and their independence, checklists from clause catalogues, findings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "magistrat.audits"
    label = "audits"
    verbose_name = _("Internal audits")
