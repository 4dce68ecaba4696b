"""Names of the audit events the ratings module writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "feedback.response.exported": _("Ratings exported"),
    "feedback.response.excluded": _("Rating left out of the statistics"),
    "feedback.report.exported": _("Monthly satisfaction report downloaded"),
    "feedback.servicepoint.sheet_printed": _("Rating sheet of a service point printed"),
    "feedback.survey.version_created": _("New survey version"),
    "feedback.kiosk.pairing_issued": _("Kiosk pairing code issued"),
    "feedback.kiosk.paired": _("Kiosk tablet paired"),
}

DETAILS = {
    "client_id": pgettext_lazy("audit detail", "rating's client id"),
    "month": pgettext_lazy("audit detail", "month"),
    "unit": pgettext_lazy("audit detail", "unit"),
    "point": pgettext_lazy("audit detail", "service point"),
    "device": pgettext_lazy("audit detail", "device"),
    "device_id": pgettext_lazy("audit detail", "device id"),
    "expires_at": pgettext_lazy("audit detail", "valid until"),
}
