"""The Public Information Bulletin (Biuletyn Informacji Publicznej, BIP): subject menu, items and
their published versions.

An `Item` is the editors' working copy and its workflow state (draft → submitted → approved →
published → archived). What the public sees are `ItemVersion`s: each publication appends one,
immutable, with the system's publication time, who published it, why (required after the first)
and a readable diff; removing an item appends a "removed" version with the reason. The versions of
an item form a hash chain (`prev_hash` → `hash`), which anyone can check on the public site;
neither the ORM nor (by triggers) the database lets a stored version change.
"""

import hashlib
import json
from datetime import UTC
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Unit


class Category(BaseModel):
    """A node of the subject menu (menu przedmiotowe), with the structured fields of its items."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    fields = models.JSONField(_("fields of its items"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("BIP category")
        verbose_name_plural = _("BIP categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(AuditedQuerySet):
    def public(self):
        """Items the public can see: published once at least (archived and removed ones keep a page)."""
        return self.filter(first_published_at__isnull=False)


class Item(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        REMOVED = "removed", _("removed")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bip_items")
    slug = models.SlugField(_("address"), max_length=120)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True, max_length=200_000)
    data = models.JSONField(_("structured fields"), default=dict, blank=True)
    # Metryczka (art. 8 ust. 6 udip): who produced the information or is responsible for it, when.
    produced_by = models.CharField(_("produced by"), max_length=200)
    responsible = models.CharField(_("responsible for the content"), max_length=200)
    produced_on = models.DateField(_("produced on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    archive_at = models.DateTimeField(_("archive at"), null=True, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    visits = models.PositiveIntegerField(_("visits"), default=0, editable=False)

    objects = ItemQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("BIP item")
        verbose_name_plural = _("BIP items")
        ordering = ["-first_published_at", "-pk"]
        constraints = [
            # The address of an item never changes after publication and is unique in its category.
            models.UniqueConstraint(fields=["category", "slug"], name="bip_item_slug_unique"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="bip_item_valid_range",
                violation_error_message=_("The item cannot stop being valid before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["category", "-first_published_at"]),
            models.Index(fields=["state", "publish_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class ItemVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PublishedVersionError

    def delete(self):
        raise PublishedVersionError

    def _raw_delete(self, using):
        raise PublishedVersionError


class PublishedVersionError(Exception):
    """Raised on any attempt to change or delete a published version."""

    def __init__(self):
        super().__init__("A published BIP version never changes; publish a new version instead.")


class ItemVersion(models.Model):
    """One publication of an item (or its removal), as the public saw it; never changed."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        REMOVED = "removed", _("removed")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLISHED)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    imprint = models.JSONField(_("metryczka"), default=dict)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_by_name = models.CharField(max_length=300)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    diff = models.JSONField(_("changes"), default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = ItemVersionQuerySet.as_manager()

    GENESIS_HASH: ClassVar[str] = "0" * 64

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="bip_version_unique"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="bip_version_change_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedVersionError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedVersionError

    def compute_hash(self) -> str:
        payload = {
            "item": self.item_id,
            "number": self.number,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "data": self.data,
            "imprint": self.imprint,
            "published_at": self.published_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "published_by": self.published_by_name,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
        }
        canonical = json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SearchTerm(models.Model):
    """The search index: a stem that occurs in a published item, weighted by where (title > fields > text)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    weight = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "item"], name="bip_search_term_unique")]

    def __str__(self) -> str:
        return f"{self.term} → {self.item_id}"
