"""Names of the audit events the information security module writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "isms.asset.exported": _("Asset register exported"),
    "isms.risk.exported": _("Risk register exported"),
    "isms.risk.signed_off": _("Risk signed off by its owner"),
    "isms.risk.sign_off_invalidated": _("Risk sign-off voided by a change"),
    "isms.soa.generated": _("Statement of Applicability generated"),
    "isms.soa.approved": _("Statement of Applicability approved"),
    "isms.soa.discarded": _("Statement of Applicability draft discarded"),
    "isms.soa.exported": _("Statement of Applicability exported"),
    "isms.evidence.downloaded": _("Evidence file downloaded"),
    "isms.incident.closed": _("Incident closed"),
    "isms.incident.report_draft_exported": _("Incident report draft downloaded"),
    "isms.breach_register.exported": _("Breach register exported"),
    "isms.processing.exported": _("Record of processing activities exported"),
    "isms.dsr.exported": _("Data subject requests exported"),
    "isms.dsr.assigned": _("Data subject request assigned"),
}

DETAILS = {
    "entries": pgettext_lazy("audit detail", "controls"),
    "carried_over": pgettext_lazy("audit detail", "decisions carried over"),
}
