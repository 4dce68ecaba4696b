"""Names of the audit events the registers write (complaints, requests, petitions)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "registers.complaint.registered": _("Complaint or motion registered"),
    "registers.complaint.assigned": _("Complaint or motion assigned"),
    "registers.complaint.extended": _("Complaint or motion: deadline extended"),
    "registers.complaint.forwarded": _("Complaint or motion forwarded to the competent body"),
    "registers.complaint.closed": _("Complaint or motion closed"),
    "registers.complaint.exported": _("Complaints and motions exported"),
    "registers.inforequest.registered": _("Request for public information registered"),
    "registers.inforequest.assigned": _("Request for public information assigned"),
    "registers.inforequest.delay_notified": _("Request for public information: delay notified"),
    "registers.inforequest.fee_notified": _("Request for public information: fee notified"),
    "registers.inforequest.document_added": _("Request for public information: released document added"),
    "registers.inforequest.closed": _("Request for public information closed"),
    "registers.inforequest.decision_delivered": _("Request for public information: decision delivered"),
    "registers.inforequest.exported": _("Requests for public information exported"),
    "registers.petition.registered": _("Petition registered and published in the BIP"),
    "registers.petition.assigned": _("Petition assigned"),
    "registers.petition.updated": _("Petition: course of the case published"),
    "registers.petition.extended": _("Petition: deadline extended"),
    "registers.petition.closed": _("Petition closed"),
    # Written when a petition was registered before issue 11 (now part of "registered").
    "registers.petition.published": _("Petition published in the BIP"),
}

DETAILS = {
    "on_time": pgettext_lazy("audit detail", "deadline state"),
    "handler": pgettext_lazy("audit detail", "handled by"),
    "extended_to": pgettext_lazy("audit detail", "new date"),
    "new_due": pgettext_lazy("audit detail", "new date"),
    "notified_at": pgettext_lazy("audit detail", "person told on"),
    "forwarded_to": pgettext_lazy("audit detail", "forwarded to"),
    "decision_number": pgettext_lazy("audit detail", "decision number"),
    "delivered_on": pgettext_lazy("audit detail", "delivered on"),
    "appeal_due": pgettext_lazy("audit detail", "appeal until"),
}
