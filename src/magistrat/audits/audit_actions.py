"""Names of the audit events the audits module writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "audits.programme.created": _("Audit programme drafted"),
    "audits.programme.approved": _("Audit programme approved"),
    "audits.programme.entry_added": _("Unit added to the audit programme"),
    "audits.programme.entry_removed": _("Unit removed from the audit programme"),
    "audits.auditor.registered": _("Internal auditor registered"),
    "audits.auditor.updated": _("Internal auditor record changed"),
    "audits.auditor.qualification_added": _("Auditor qualification added"),
    "audits.audit.planned": _("Internal audit planned"),
    "audits.audit.team_changed": _("Audit team changed"),
    "audits.audit.started": _("Internal audit started"),
    "audits.checklist.answered": _("Audit checklist question answered"),
    "audits.finding.recorded": _("Audit finding recorded"),
    "audits.finding.updated": _("Audit finding corrected"),
    "audits.audit.reported": _("Internal audit reported"),
    "audits.findings.acknowledged": _("Audit findings acknowledged by the unit"),
    "audits.audit.closed": _("Internal audit closed"),
    "audits.report.downloaded": _("Audit report downloaded"),
    "audits.findings.exported": _("Audit findings exported"),
}

DETAILS = {
    "year": pgettext_lazy("audit detail", "year"),
    "audits_planned": pgettext_lazy("audit detail", "audits planned"),
    "unit": pgettext_lazy("audit detail", "unit"),
    "units": pgettext_lazy("audit detail", "units"),
    "process": pgettext_lazy("audit detail", "process"),
    "processes": pgettext_lazy("audit detail", "processes"),
    "risk_level": pgettext_lazy("audit detail", "risk level"),
    "person": pgettext_lazy("audit detail", "person"),
    "active": pgettext_lazy("audit detail", "active"),
    "title": pgettext_lazy("audit detail", "title"),
    "standards": pgettext_lazy("audit detail", "standards"),
    "obtained_on": pgettext_lazy("audit detail", "obtained"),
    "lead": pgettext_lazy("audit detail", "lead auditor"),
    "team": pgettext_lazy("audit detail", "audit team"),
    "planned_start": pgettext_lazy("audit detail", "planned start"),
    "planned_end": pgettext_lazy("audit detail", "planned end"),
    "criteria": pgettext_lazy("audit detail", "criteria"),
    "clause": pgettext_lazy("audit detail", "clause"),
    "result": pgettext_lazy("audit detail", "result"),
    "evidence": pgettext_lazy("audit detail", "evidence"),
    "audit": pgettext_lazy("audit detail", "audit"),
    "number": pgettext_lazy("audit detail", "number"),
    "type": pgettext_lazy("audit detail", "type"),
    "findings": pgettext_lazy("audit detail", "findings"),
    "comment": pgettext_lazy("audit detail", "comment"),
}
