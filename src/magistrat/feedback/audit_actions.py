"""Names of the audit events the ratings module writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "feedback.response.exported": _("Ratings exported"),
    "feedback.response.excluded": _("Rating left out of the statistics"),
    "feedback.report.exported": _("Monthly satisfaction report downloaded"),
    "feedback.servicepoint.sheet_printed": _("Rating sheet of a service point printed"),
    "feedback.servicepoint.registered": _("Service point registered"),
    "feedback.servicepoint.changed": _("Service point changed"),
    "feedback.servicepoint.closed": _("Service point closed to ratings"),
    "feedback.servicepoint.reopened": _("Service point reopened to ratings"),
    "feedback.target.set": _("Satisfaction target set"),
    "feedback.survey.version_created": _("New survey version"),
    "feedback.survey.version_loaded": _("Survey version loaded from the catalogue"),
    "feedback.survey_link.issued": _("Post-case survey link issued"),
    "feedback.kiosk.device_issued": _("Kiosk device registered with a token"),
    "feedback.kiosk.device_revoked": _("Kiosk device revoked"),
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
    "fields": pgettext_lazy("audit detail", "fields changed"),
    "target_percent": pgettext_lazy("audit detail", "target (%)"),
    "before": pgettext_lazy("audit detail", "before"),
    "survey": pgettext_lazy("audit detail", "survey"),
    "case_reference": pgettext_lazy("audit detail", "case reference"),
    "service": pgettext_lazy("audit detail", "service"),
}
