"""Documented information (ISO 9001 7.5): controlled documents in versions, their distribution and
the read-and-understood acknowledgements tied to one exact version.

A document (policy, procedure, instruction, form) has a number, an owner and its unit, and its
place in the office's filing plan (jednolity rzeczowy wykaz akt: the JRWA class symbol and the
archive category, kategoria archiwalna). Each version is written by its author and approved by
someone else: draft → submitted → approved → current (from its effective date) → superseded.
A superseded version stays, read-only. Acknowledgements point at a version, so a new version asks
everyone addressed again.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel

jrwa_validator = RegexValidator(r"^\d{1,4}$", _("A JRWA class symbol has one to four digits (e.g. 0121)."))
archive_category_validator = RegexValidator(
    r"^(A|B|Bc|BE?\d{1,2})$",
    _("An archive category is A, B, Bc, or B or BE with the years (e.g. B10, BE5)."),
)


class Document(BaseModel):
    class Kind(models.TextChoices):
        POLICY = "policy", _("policy")
        PROCEDURE = "procedure", _("procedure")
        INSTRUCTION = "instruction", _("instruction")
        FORM = "form", _("form")

    number = models.CharField(_("number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_documents",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    jrwa_symbol = models.CharField(
        _("JRWA class symbol"),
        max_length=4,
        validators=[jrwa_validator],
        help_text=_("The class of the office's filing plan (jednolity rzeczowy wykaz akt)."),
    )
    archive_category = models.CharField(
        _("archive category"),
        max_length=4,
        validators=[archive_category_validator],
        help_text=_("Kategoria archiwalna: A is kept for ever; B10 is kept ten years."),
    )
    review_every_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("controlled document")
        verbose_name_plural = _("controlled documents")
        ordering = ["number"]
        indexes = [models.Index(fields=["next_review_on"], name="quality_doc_review")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quality:document_detail", args=[self.pk])

    def current(self) -> "DocumentVersion | None":
        return self.versions.filter(state=DocumentVersion.State.CURRENT).first()


class VersionQuerySet(AuditedQuerySet):
    def current(self):
        return self.filter(state=DocumentVersion.State.CURRENT)


def acknowledge_by(effective_on: date | None) -> date | None:
    """Addressees acknowledge within the policy's days of the version taking effect."""
    from magistrat.core.deadlines import next_working_day
    from magistrat.quality.policy import value

    if effective_on is None:
        return None
    return next_working_day(effective_on + timedelta(days=value("acknowledge_days")))


class DocumentVersion(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved, not yet effective")
        CURRENT = "current", _("current")
        SUPERSEDED = "superseded", _("superseded")
        DISCARDED = "discarded", _("discarded")

    UNFINISHED = (State.DRAFT, State.SUBMITTED, State.APPROVED)

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    file = models.FileField(upload_to="quality/documents/%Y/")
    filename = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    change_note = models.TextField(_("what changed"), max_length=3000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), max_length=3000, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="quality_version_unique"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(state="current"), name="quality_version_one_current"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=("approved", "current", "superseded"))
                | (
                    Q(approved_at__isnull=False)
                    & Q(effective_on__isnull=False)
                    & ~Q(approved_by=models.F("author"))
                ),
                name="quality_version_approved_by_another",
                violation_error_message=_("An approved version names its approver, not its author."),
            ),
        ]
        indexes = [models.Index(fields=["state", "effective_on"], name="quality_version_state")]

    def __str__(self) -> str:
        return f"{self.document.number} v{self.number}"

    def permission_unit_id(self) -> int:
        return self.document.unit_id

    def acknowledge_by(self) -> date | None:
        return acknowledge_by(self.effective_on)


class Distribution(BaseModel):
    """Who a document is addressed to: a unit (with its sub-units), a position, or one person."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="distribution"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution")
        ordering = ["document", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, position__isnull=True, person__isnull=True)
                | Q(unit__isnull=True, position__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, position__isnull=True, person__isnull=False),
                name="quality_distribution_one_addressee",
                violation_error_message=_("Address the document to one unit, position or person."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["document", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"quality_distribution_unique_{field}",
                )
                for field in ("unit", "position", "person")
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.position or self.person)

    def permission_unit_id(self) -> int:
        return self.document.unit_id


class Acknowledgement(BaseModel):
    """A person's "read and understood" of one exact version (a named audit event too)."""

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="quality_ack_unique")]

    def __str__(self) -> str:
        return f"{self.version} – {self.user}"

    def permission_unit_id(self) -> int:
        return self.version.document.unit_id
