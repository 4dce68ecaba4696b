"""Writes of the core: two-factor enrolment and notifications."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import Notification


@transaction.atomic
def two_factor_pending_device(*, user) -> TOTPDevice:
    """The authenticator app being enrolled (one unconfirmed device per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def two_factor_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device with a current code from the app; False when the code is wrong."""
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save()
    log_action(device.user, "auth.2fa_enrolled")
    return True


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_resolve(*, url: str) -> int:
    """Mark read every unread notification that links to `url` (a case's page): the case it reminded
    of is closed or assigned, so "overdue" and "due soon" reminders no longer wait in the inbox."""
    if not url:
        return 0
    return Notification.objects.filter(
        Q(url=url) | Q(url__startswith=f"{url}#") | Q(url__startswith=f"{url}?"), read_at__isnull=True
    ).update(read_at=timezone.now())


def extension_check(*, first_due: date, new_due: date, latest: date, reason: str) -> str:
    """A deadline extension's new date lies after the first deadline and no later than the law
    allows, and has reasons: the reasons (stripped), or a refusal naming the field."""
    if not first_due < new_due <= latest:
        raise ServiceError(
            _("The new date must be after %(first)s and no later than %(latest)s.")
            % {"first": first_due.isoformat(), "latest": latest.isoformat()},
            field="extended_to",
        )
    if not reason.strip():
        raise ServiceError(_("Give the reasons for the extension."), field="reason")
    return reason.strip()
