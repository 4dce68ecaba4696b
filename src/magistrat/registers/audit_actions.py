"""Names of the audit events the registers write (complaints, requests, petitions)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "registers.complaint.closed": _("Complaint or motion closed"),
    "registers.complaint.exported": _("Complaints and motions exported"),
    "registers.inforequest.exported": _("Requests for public information exported"),
    "registers.petition.published": _("Petition published in the BIP"),
    "registers.complaint.assigned": _("Complaint or motion assigned"),
    "registers.inforequest.assigned": _("Request for public information assigned"),
    "registers.petition.assigned": _("Petition assigned"),
}

DETAILS = {
    "on_time": pgettext_lazy("audit detail", "deadline state"),
}
