"""Names of the audit events the organisation module writes (field changes are named by core)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "org.staff.exported": _("Staff list exported"),
    "org.import_template.downloaded": _("Import template downloaded"),
    "org.intake.changed": _("Who receives new cases changed"),
}

DETAILS = {
    "register": pgettext_lazy("audit detail", "register"),
    "role": pgettext_lazy("audit detail", "role"),
}
