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
from django.core.exceptions import ValidationError
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
    """What the public sees of the items, defined once (the public site, the API, the feeds, the
    sitemap, search and the static mirror all read `bip.selectors`, which read these).

    - `public()`: items with a public record: a page, a history and versions. Published once at
      least; a removed item keeps its page, which says when, by whom and why it was removed (the
      change register shows the removal too).
    - `listed()`: the bulletin's items: public and not removed. Listings (home, categories, units,
      search, the API's lists and exports, the sitemap) show these; an archived item is listed in its
      category's archive.
    """

    def public(self):
        return self.filter(first_published_at__isnull=False)

    def listed(self):
        return self.public().exclude(state=Item.State.REMOVED)

    def with_public_version(self):
        """Each item with what the public reads of it, from its latest version (never the working
        copy, which an editor may be changing): `public_title`, `public_version` (its number),
        `public_changed_at` and `public_version_id`."""
        latest = ItemVersion.objects.filter(item=models.OuterRef("pk")).order_by("-number")
        return self.annotate(
            public_title=models.Subquery(latest.values("title")[:1]),
            public_version=models.Subquery(latest.values("number")[:1]),
            public_changed_at=models.Subquery(latest.values("published_at")[:1]),
            public_version_id=models.Subquery(latest.values("pk")[:1]),
        )

    def count_visit(self, pk: int) -> None:
        """Add one to an item's visit counter: a statistic, not an edit, so not in the audit trail."""
        models.QuerySet.update(self.filter(pk=pk), visits=models.F("visits") + 1)


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
    # Metryczka (art. 8 ust. 6 udip): who produced the information, and the person responsible for
    # its content (identified by name and function, not by the unit again), when.
    produced_by = models.CharField(_("produced by"), max_length=200)
    responsible_name = models.CharField(_("person responsible for the content"), max_length=200, blank=True)
    responsible = models.CharField(_("function of the person responsible"), max_length=200, blank=True)
    produced_on = models.DateField(_("produced on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    archive_at = models.DateTimeField(_("archive at"), null=True, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    # Art. 8 ust. 5 udip: information withheld from publication, and why; the public page says so.
    withheld_scope = models.TextField(_("scope of the withheld information"), blank=True, max_length=2000)
    withheld_basis = models.CharField(_("legal basis of the withholding"), max_length=300, blank=True)
    withheld_by = models.CharField(_("withheld by"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("related items")
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
                condition=Q(withheld_scope="") | (~Q(withheld_basis="") & ~Q(withheld_by="")),
                name="bip_item_withholding_explained",
                violation_error_message=_("Withheld information needs its legal basis and who withheld it."),
            ),
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

    @property
    def responsible_display(self) -> str:
        """The person responsible for the content as the metryczka shows it: "name, function"."""
        return ", ".join(part for part in (self.responsible_name.strip(), self.responsible.strip()) if part)

    @property
    def public_state(self) -> str:
        """The item as the public knows it: "removed", "archived" or "published" (the working copy's
        draft, submitted and approved states are the editors' business, never shown)."""
        if self.state in (self.State.REMOVED, self.State.ARCHIVED):
            return self.state
        return self.State.PUBLISHED

    @property
    def open_return(self) -> "ItemReturn | None":
        """The approver's return the editors have not answered yet by submitting the item again."""
        return next((r for r in self.returns.all() if r.resolved_at is None), None)


class ItemReturn(BaseModel):
    """An approver's return of a submitted item to its editors, with what to change. Kept: the
    item's history of returns shows every comment and when the editors submitted it again."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="returns")
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("returned by"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), max_length=2000)
    resolved_at = models.DateTimeField(_("submitted again"), null=True, blank=True)

    class Meta:
        verbose_name = _("return of a BIP item")
        verbose_name_plural = _("returns of BIP items")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.comment[:40]}"


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
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    withheld = models.JSONField(_("withheld information"), default=dict, blank=True)
    links = models.JSONField(_("related items"), default=list, blank=True)
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
            "attachments": self.attachments,
            "withheld": self.withheld,
            "prev_hash": self.prev_hash,
        }
        if self.links:  # added later: versions without links keep the hash they were published with
            payload["links"] = self.links
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
        # A one-word search reads its best matches straight from this index, in order.
        indexes = [models.Index(fields=["term", "-weight", "-item"], name="bip_search_term_rank")]

    def __str__(self) -> str:
        return f"{self.term} → {self.item_id}"


class Attachment(BaseModel):
    """A file attached to an item; its extracted text is searched. Published versions list the
    attachments (name, size, SHA-256) they were published with."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="bip/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, editable=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def permission_unit_id(self) -> int:
        """For core.permissions.may: an attachment belongs to its item's unit."""
        return self.item.unit_id


class BulletinSettings(BaseModel):
    """What every BIP page shows about the editors, and the accessibility statement's facts
    (ustawa o dostępności cyfrowej, 2019: the statement is reviewed at least once a year)."""

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    editor_name = models.CharField(_("editor"), max_length=200)
    editor_phone = models.CharField(_("editor's phone"), max_length=40)
    editor_email = models.EmailField(_("editor's e-mail"))
    editorial_address = models.CharField(_("editorial office address"), max_length=300)
    show_visits = models.BooleanField(_("show visit counters"), default=False)
    compliance = models.CharField(
        _("compliance with the act on digital accessibility"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    accessibility_exclusions = models.TextField(
        _("content that is not accessible, and why"), blank=True, max_length=5000
    )
    accessibility_prepared_on = models.DateField(_("statement prepared on"))
    accessibility_reviewed_on = models.DateField(_("statement last reviewed on"))
    accessibility_contact = models.CharField(_("contact for accessibility"), max_length=300)
    accessibility_features = models.TextField(
        _("architectural and other accessibility"), blank=True, max_length=5000
    )
    # The statement's other facts, in the structure of the Minister's "Warunki techniczne publikacji
    # oraz struktura dokumentu elektronicznego deklaracji dostępności" (art. 12 pkt 7 of the act).
    site_published_on = models.DateField(
        _("bulletin published on"), null=True, blank=True, help_text=_("Empty: the statement's date.")
    )
    site_updated_on = models.DateField(
        _("last significant update of the bulletin"),
        null=True,
        blank=True,
        help_text=_("Empty: the statement's last review."),
    )
    accessibility_person = models.CharField(
        _("person to contact about accessibility"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the editor."),
    )
    accessibility_email = models.EmailField(
        _("accessibility contact e-mail"), blank=True, help_text=_("Empty: the editor's e-mail.")
    )
    accessibility_phone = models.CharField(
        _("accessibility contact phone"), max_length=40, blank=True, help_text=_("Empty: the editor's phone.")
    )
    accessibility_auditor = models.CharField(
        _("external auditor"),
        max_length=200,
        blank=True,
        help_text=_("Who examined the bulletin's accessibility; empty: self-assessment."),
    )
    accessibility_communication = models.TextField(
        _("communication accessibility"),
        blank=True,
        max_length=5000,
        help_text=_("Sign language interpreter, induction loops, other ways to contact the office."),
    )
    mobile_apps = models.TextField(
        _("mobile applications"), blank=True, max_length=2000, help_text=_("Empty: the bulletin has none.")
    )

    class Meta:
        verbose_name = _("bulletin settings")
        verbose_name_plural = _("bulletin settings")

    def __str__(self) -> str:
        return self.editor_name

    def clean(self):
        errors = {}
        if self.site_published_on and self.site_updated_on and self.site_updated_on < self.site_published_on:
            errors["site_updated_on"] = _("The bulletin cannot be updated before it was published.")
        if (
            self.accessibility_prepared_on
            and self.accessibility_reviewed_on
            and self.accessibility_reviewed_on < self.accessibility_prepared_on
        ):
            errors["accessibility_reviewed_on"] = _(
                "The statement cannot be reviewed before it was prepared."
            )
        if errors:
            raise ValidationError(errors)
