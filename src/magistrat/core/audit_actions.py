"""Names of the audit events core writes: sign-in, passwords, two-factor authentication, API keys,
audit exports."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Failed sign-in"),
    "auth.2fa_verified": _("Two-factor code accepted"),
    "auth.2fa_failed": _("Wrong two-factor code"),
    "auth.2fa_enrolled": _("Two-factor authentication set up"),
    "auth.2fa_reset": _("Two-factor authentication reset"),
    "auth.unlocked": _("Sign-in unlocked"),
    "auth.password_changed": _("Password changed"),
    "auth.password_set": _("Password set from an e-mailed link"),
    "core.apikey.issued": _("API key issued"),
    "core.apikey.revoked": _("API key revoked"),
    "core.audit.exported": _("Audit trail exported"),
}

DETAILS = {
    "attempts_cleared": pgettext_lazy("audit detail", "failed attempts cleared"),
    "devices_removed": pgettext_lazy("audit detail", "devices removed"),
    "name": pgettext_lazy("audit detail", "name"),
    "acts_as": pgettext_lazy("audit detail", "acts as user"),
    "prefix": pgettext_lazy("audit detail", "key prefix"),
}
