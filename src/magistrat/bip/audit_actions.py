"""Names of the audit events the Public Information Bulletin writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "bip.item.published": _("BIP item published"),
    "bip.item.removed": _("BIP item removed (with a public record)"),
    "bip.item.returned": _("BIP item returned to the editors"),
}

DETAILS = {
    "return": pgettext_lazy("audit detail", "return note"),
}
