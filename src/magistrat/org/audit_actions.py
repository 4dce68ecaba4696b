"""Names of the audit events the organisation module writes (field changes are named by core)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "org.staff.exported": _("Staff list exported"),
    "org.staff.deactivated": _("Staff account deactivated"),
    "org.staff.reactivated": _("Staff account reactivated"),
    "org.role.granted": _("Role granted"),
    "org.role.revoked": _("Role revoked"),
    "org.unit.head_changed": _("Head of a unit changed"),
    "org.import_template.downloaded": _("Import template downloaded"),
    "org.intake.changed": _("Who receives new cases changed"),
    "org.filing_symbol.changed": _("Filing symbol of a register changed"),
}

DETAILS = {
    "register": pgettext_lazy("audit detail", "register"),
    "symbol": pgettext_lazy("audit detail", "filing symbol"),
    "role": pgettext_lazy("audit detail", "role"),
    "account": pgettext_lazy("audit detail", "account"),
    "employee_number": pgettext_lazy("audit detail", "employee number"),
    "heads_of": pgettext_lazy("audit detail", "was head of"),
    "head": pgettext_lazy("audit detail", "head"),
    "unit": pgettext_lazy("audit detail", "unit"),
    "before": pgettext_lazy("audit detail", "before"),
}
