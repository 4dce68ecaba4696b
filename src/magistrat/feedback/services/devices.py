"""Kiosk devices: issued with a token or paired with a one-time code, and revoked.

Tokens and pairing codes are handed out once and only their hashes are stored; neither they nor
their hashes reach the audit trail (the models leave the hashes out of the field-diff trail)."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.core.tokens import hash_token, new_token
from magistrat.feedback import policy
from magistrat.feedback.models import KioskDevice, KioskPairing, ServicePoint

# Pairing codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
# ABCD-EFGH. About 10^12 codes, valid for minutes, once, and tried at a limited rate.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 8
PAIRING_MINUTES = policy.value("pairing_minutes")


def _device_data(device: KioskDevice) -> dict:
    return {"point": device.point.code, "device": device.name, "device_id": device.pk}


@transaction.atomic
def device_issue(*, point: ServicePoint, name: str, user) -> tuple[KioskDevice, str]:
    """Register a kiosk; the token is returned once, to be typed or scanned into the tablet."""
    require_may(user, "feedback.manage_points", point)
    token = new_token(24)
    device = KioskDevice.objects.create(name=name, point=point, token_hash=hash_token(token), issued_by=user)
    log_action(device, "feedback.kiosk.device_issued", user=user, data=_device_data(device))
    return device, token


@transaction.atomic
def device_revoke(*, device: KioskDevice, user) -> KioskDevice:
    """The device can no longer send ratings (a lost or replaced tablet); what it sent stays."""
    require_may(user, "feedback.manage_points", device.point)
    if device.revoked_at is not None:
        return device
    device.revoked_at = timezone.now()
    device.save()
    log_action(device, "feedback.kiosk.device_revoked", user=user, data=_device_data(device))
    return device


def pairing_code_normal(code: str) -> str:
    """A pairing code as stored (hashed): upper case, without spaces and hyphens."""
    return "".join(code.split()).replace("-", "").upper()


@transaction.atomic
def kiosk_pairing_issue(*, point: ServicePoint, name: str, user) -> tuple[KioskPairing, str]:
    """A one-time code pairing a tablet with `point`; the code is returned once (as ABCD-EFGH)."""
    require_may(user, "feedback.manage_points", point)
    if not name.strip():
        raise ServiceError(_("Give the device a name."), field="name")
    if not point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."))
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _n in range(PAIRING_LENGTH))
    pairing = KioskPairing.objects.create(
        point=point,
        name=name.strip(),
        code_hash=hash_token(code),
        issued_by=user,
        expires_at=timezone.now() + timedelta(minutes=PAIRING_MINUTES),
    )
    log_action(
        pairing,
        "feedback.kiosk.pairing_issued",
        user=user,
        data={"point": point.code, "device": pairing.name, "expires_at": pairing.expires_at.isoformat()},
    )
    return pairing, f"{code[:4]}-{code[4:]}"


@transaction.atomic
def kiosk_pair(*, code: str) -> tuple[KioskDevice, str]:
    """Use up a pairing code: register the tablet as a kiosk device and return its token (once)."""
    normal = pairing_code_normal(code)
    pairing = (
        KioskPairing.objects.select_for_update()
        .select_related("point")
        .filter(code_hash=hash_token(normal))
        .first()
        if len(normal) == PAIRING_LENGTH
        else None
    )
    if pairing is None:
        raise ServiceError(_("This pairing code is not valid. Check it or ask staff for a new one."))
    if pairing.used_at is not None:
        raise ServiceError(_("This pairing code has already been used. Ask staff for a new one."))
    if pairing.expires_at < timezone.now():
        raise ServiceError(_("This pairing code has expired. Ask staff for a new one."))
    if not pairing.point.is_active:
        raise ServiceError(_("This service point no longer collects ratings."))
    token = new_token(24)
    device = KioskDevice.objects.create(
        name=pairing.name, point=pairing.point, token_hash=hash_token(token), issued_by=pairing.issued_by
    )
    pairing.used_at, pairing.device = timezone.now(), device
    pairing.save()
    log_action(pairing, "feedback.kiosk.paired", data=_device_data(device))
    return device, token
