"""Core models: the user, the audited base of every domain model, in-app notifications, scheduler
bookkeeping, API keys. The audit trail's own entry lives in `core.audit_entry` (imported here, so it
is a core model as before): `Audited` writes through `core.audit`, which needs the entry, and
neither module imports the other back."""

import datetime
import decimal
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from magistrat.core.audit import log_action
from magistrat.core.audit_entry import AuditEntry, AuditTrailError, audit_key, audit_value

__all__ = [  # the audit trail's names, defined in core.audit_entry, are core models too
    "ApiKey",
    "Audited",
    "AuditedQuerySet",
    "AuditEntry",
    "AuditTrailError",
    "BaseModel",
    "CaseCounter",
    "Notification",
    "ScheduledRun",
    "User",
    "audit_key",
    "audit_value",
]


# Field values a record cannot change in place (a snapshot may hold them as they are).
IMMUTABLE: tuple[type, ...] = (str, int, float, decimal.Decimal, uuid.UUID, type(None))
IMMUTABLE += (datetime.date, datetime.time, datetime.timedelta)  # datetimes are dates


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
        instance._audit_loaded = instance._loaded_values()
        return instance

    def _audited_fields(self):
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if field.primary_key or field.name in self.audit_exclude:
                continue
            if field.attname not in self.__dict__:  # deferred field: not loaded, not changed
                continue
            yield field

    def _loaded_values(self) -> dict[str, Any]:
        """The values as loaded: immutable ones kept as they are, turned into audit values only when a
        save or delete asks what changed (not for every record a page reads); others (JSON, files)
        copied as audit values now, as a later change may happen in place."""
        values = {}
        for field in self._audited_fields():
            value = getattr(self, field.attname)
            values[field.name] = value if isinstance(value, IMMUTABLE) else audit_value(value)
        return values

    def audit_values(self) -> dict[str, Any]:
        return {field.name: audit_value(getattr(self, field.attname)) for field in self._audited_fields()}

    def audit_changes(self, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None):
        """Changed fields as {name: [before, after]}, masked fields without their values."""
        if before is None:
            before = {name: audit_value(value) for name, value in getattr(self, "_audit_loaded", {}).items()}
        after = self.audit_values() if after is None else after
        return {
            name: ["***", "***"] if name in self.audit_masked else [before.get(name), after.get(name)]
            for name in after.keys() | before.keys()
            if before.get(name) != after.get(name)
        }

    def save(self, *args, **kwargs):
        adding = self._state.adding  # type: ignore[attr-defined]
        with transaction.atomic():
            changes = self.audit_changes()
            super().save(*args, **kwargs)  # type: ignore[misc]
            if adding or changes:
                log_action(self, "created" if adding else "updated", changes=changes)
        self._audit_loaded = self._loaded_values()

    def delete(self, *args, **kwargs):
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
