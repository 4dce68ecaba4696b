"""The audit trail's entry: the one model both the writer (`core.audit`) and the audited models
(`core.models`) need, kept apart so neither imports the other both ways.

`core.models` imports it, so Django registers `AuditEntry` with the core app as before (same table,
same migrations), and `from magistrat.core.models import AuditEntry` keeps working.
"""

import hashlib
import hmac
import json
from datetime import UTC
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.audit_labels import action_label


class AuditTrailError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


def audit_value(value: Any) -> Any:
    """A JSON-safe form of a field value, identical after a round trip through the database."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailError("The audit trail is append-only.")

    def delete(self):
        raise AuditTrailError("The audit trail is append-only.")

    # Django's deletion collector uses _raw_delete for fast deletes.
    def _raw_delete(self, using):
        raise AuditTrailError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    Each entry's `hash` covers its own content and the previous entry's hash, so changing or
    removing any entry breaks every link after it (`magistrat verify-audit`). On PostgreSQL a
    trigger refuses UPDATE and DELETE (migration 0002); the ORM refuses them everywhere. The hash is
    an HMAC under a key kept outside the database, and signed anchors outside the database record
    the length and head of the chain, so a recomputed chain or removed newest entries show too
    (decision 0007).
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    hash_version = models.PositiveSmallIntegerField(_("hash version"), default=1, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailError("The audit trail is append-only.")

    @property
    def action_label(self) -> str:
        """A readable, translated name of the action: "Komórka organizacyjna: zmieniono"."""
        return action_label(self.action)

    @property
    def changed_field_labels(self) -> list[str]:
        """The changed fields by their (translated) names, for histories."""
        try:
            meta = apps.get_model(self.object_type)._meta
        except (LookupError, ValueError):
            return sorted(self.changes)
        labels = []
        for name in sorted(self.changes):
            try:
                labels.append(str(meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                labels.append(name)
        return labels

    GENESIS_HASH: ClassVar[str] = "0" * 64
    # Decision 0007: entries written before the chain was keyed keep their plain SHA-256 (version 1)
    # and still verify; every entry since is an HMAC under AUDIT_KEY, which the database never holds.
    HASH_SHA256: ClassVar[int] = 1
    HASH_HMAC: ClassVar[int] = 2

    def canonical_payload(self) -> bytes:
        payload = {
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "data": self.data,
            "ip_address": self.ip_address,
            "prev_hash": self.prev_hash,
        }
        if self.hash_version != self.HASH_SHA256:
            payload["hash_version"] = self.hash_version  # the version is covered, so it cannot be swapped
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def compute_hash(self, key: bytes | None = None) -> str:
        if self.hash_version == self.HASH_SHA256:
            return hashlib.sha256(self.canonical_payload()).hexdigest()
        if self.hash_version == self.HASH_HMAC:
            return hmac.new(key or audit_key(), self.canonical_payload(), hashlib.sha256).hexdigest()
        raise AuditTrailError(f"Unknown hash version {self.hash_version} of audit entry {self.pk}.")


def audit_key() -> bytes:
    """The audit chain's HMAC key: AUDIT_KEY / AUDIT_KEY_FILE, or generated in DATA_DIR outside production."""
    key = getattr(settings, "AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "AUDIT_KEY is not set: set AUDIT_KEY_FILE (or AUDIT_KEY) to sign the audit trail."
        )
    return key.encode("utf-8")
