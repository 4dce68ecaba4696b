"""Names of the audit events core writes: sign-in, two-factor authentication, audit exports."""

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
    "core.audit.exported": _("Audit trail exported"),
}

DETAILS = {
    "attempts_cleared": pgettext_lazy("audit detail", "failed attempts cleared"),
    "devices_removed": pgettext_lazy("audit detail", "devices removed"),
}
