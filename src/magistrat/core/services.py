"""Writes of the core: API keys, passwords, two-factor enrolment and notifications."""

import secrets
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from magistrat.core import text
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import ApiKey, Notification, User
from magistrat.core.tokens import hash_token


@transaction.atomic
def api_key_create(*, user: User, name: str, by: User | None) -> tuple[ApiKey, str]:
    """A key an integration uses to act as `user` (with the user's roles): the key is returned once
    and only its hash is stored; the trail names the key by its name and prefix, never the key.
    `by` is who creates it (None on the command line: the operator of the server)."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Name what the key is for."), field="name")
    if text.has_control_characters(name):
        raise ServiceError(text.MESSAGE, field="name")
    limit = ApiKey._meta.get_field("name").max_length
    if limit is not None and len(name) > limit:
        raise ServiceError(_("The name is too long."), field="name")
    if not user.is_active:
        raise ServiceError(_("A key cannot act as a deactivated user."), field="user")
    # Hex, not URL-safe base64: a prefix starting with "-" would read as an option on the command line.
    key = "mgk_" + secrets.token_hex(32)
    api_key = ApiKey.objects.create(user=user, name=name, prefix=key[4:10], key_hash=hash_token(key))
    log_action(
        api_key,
        "core.apikey.issued",
        user=by,
        data={"name": name, "acts_as": user.get_username(), "prefix": api_key.prefix},
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by: User | None) -> ApiKey:
    """Revoke a key at once: the API refuses it from the next request."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise ServiceError(_("This key is already revoked."))
    key.revoked_at = timezone.now()
    key.save()
    log_action(key, "core.apikey.revoked", user=by, data={"name": key.name, "prefix": key.prefix})
    return key


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The signed-in user's new password (the form has checked the old one and the validators)."""
    return _password_set(user=user, password=password, action="auth.password_changed")


@transaction.atomic
def password_set_from_link(*, user: User, password: str) -> User:
    """A password set from an e-mailed link: a forgotten password, or a new account's invitation."""
    return _password_set(user=user, password=password, action="auth.password_set")


def _password_set(*, user: User, password: str, action: str) -> User:
    user.set_password(password)
    user.save()  # the field-diff entry shows the password as changed, never its hash
    # The person who holds the session or the link sets it, signed in or not: the entry names them.
    log_action(user, action, user=user)
    return user


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
