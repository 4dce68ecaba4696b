"""Core models: the user, the append-only audit trail, in-app notifications, scheduler bookkeeping."""

import hashlib
import hmac
import json
from datetime import UTC
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class AuditTrailError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


def audit_value(value: Any) -> Any:
    """A JSON-safe form of a field value, identical after a round trip through the database."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


class Audited:
    """Mixin for models whose every create, update and delete lands in the audit trail.

    Each instance remembers its field values as loaded; `save()` logs the difference,
    `delete()` logs the last values. Fields in `audit_exclude` are never logged and
    fields in `audit_masked` are logged as changed without their values (passwords).
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at"})
    audit_masked: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)  # type: ignore[misc]
        instance._audit_snapshot = instance.audit_values()
        return instance

    def audit_values(self) -> dict[str, Any]:
        values = {}
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if field.primary_key or field.name in self.audit_exclude:
                continue
            if field.attname not in self.__dict__:  # deferred field: not loaded, not changed
                continue
            values[field.name] = audit_value(getattr(self, field.attname))
        return values

    def audit_changes(self, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None):
        """Changed fields as {name: [before, after]}, masked fields without their values."""
        before = getattr(self, "_audit_snapshot", {}) if before is None else before
        after = self.audit_values() if after is None else after
        return {
            name: ["***", "***"] if name in self.audit_masked else [before.get(name), after.get(name)]
            for name in after.keys() | before.keys()
            if before.get(name) != after.get(name)
        }

    def save(self, *args, **kwargs):
        from magistrat.core.audit import log_action

        adding = self._state.adding  # type: ignore[attr-defined]
        with transaction.atomic():
            changes = self.audit_changes()
            super().save(*args, **kwargs)  # type: ignore[misc]
            if adding or changes:
                log_action(self, "created" if adding else "updated", changes=changes)
        self._audit_snapshot = self.audit_values()

    def delete(self, *args, **kwargs):
        from magistrat.core.audit import log_action

        with transaction.atomic():
            log_action(self, "deleted", changes=self.audit_changes(before=self.audit_values(), after={}))
            return super().delete(*args, **kwargs)  # type: ignore[misc]


class AuditedQuerySet(models.QuerySet):
    """Bulk writes go through save()/delete() one by one, so none escapes the audit trail."""

    def update(self, **kwargs):
        with transaction.atomic():
            count = 0
            for obj in self.select_for_update():
                for name, value in kwargs.items():
                    setattr(obj, name, value)
                obj.save()
                count += 1
            return count

    def delete(self):
        with transaction.atomic():
            deleted = 0
            for obj in self:
                deleted += obj.delete()[0]
            return deleted, {}


class BaseModel(Audited, models.Model):
    """Base of every domain model: timestamps and an audit entry on every write."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True


class User(Audited, AbstractUser):
    """A person who signs in. Their place in the office is `org.Staff`."""

    audit_exclude = frozenset({"last_login", "date_joined"})
    audit_masked = frozenset({"password"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


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
        User,
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
        from magistrat.core.audit_labels import action_label

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


class Notification(models.Model):
    """An in-app message for one user (reminders, alerts); also sent by e-mail by a task."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Same key twice (e.g. the same reminder on the same day) is stored once.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ScheduledRun(models.Model):
    """Marks that a scheduled job was enqueued for a time slot, so several workers enqueue it once."""

    job = models.CharField(max_length=200)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduledrun_unique_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class CaseCounter(models.Model):
    """The last number used for a register's case numbers in a year (see core.numbering)."""

    register = models.CharField(max_length=50)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="casecounter_unique")]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last}"


class ApiKey(BaseModel):
    """A key an integration (e.g. the case-management system) uses for the API, acting as `user`.

    The key is shown once when created (`magistrat api-key create`); only its hash is stored.
    The user's roles decide what the key may do, as for a person.
    """

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        User, verbose_name=_("acts as"), on_delete=models.PROTECT, related_name="api_keys"
    )
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    audit_exclude = BaseModel.audit_exclude | {"key_hash"}

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
