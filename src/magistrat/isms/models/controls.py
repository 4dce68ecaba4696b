"""Applied controls (what the office actually does), their evidence and recurring checks."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import add_months
from magistrat.core.models import BaseModel
from magistrat.isms.models.reference import CatalogueEntry
from magistrat.org.models import Unit


class AppliedControl(BaseModel):
    """A safeguard in place or planned, implementing a reference control (e.g. Annex A 8.13)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("being implemented")
        IMPLEMENTED = "implemented", _("implemented")
        RETIRED = "retired", _("retired")

    name = models.CharField(_("name"), max_length=200)
    reference = models.ForeignKey(
        CatalogueEntry,
        verbose_name=_("reference control"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applied_controls",
        limit_choices_to={"kind": "control"},
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="isms_controls",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    cost = models.DecimalField(_("cost (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    effort_days = models.DecimalField(
        _("effort (person-days)"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("applied control")
        verbose_name_plural = _("applied controls")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="control_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(effort_days__isnull=True) | Q(effort_days__gte=0), name="control_effort_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference.ref} {self.name}" if self.reference is not None else self.name


class Evidence(BaseModel):
    """A piece of evidence that a control works; its file is kept in numbered revisions."""

    control = models.ForeignKey(AppliedControl, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_every_months__range=(1, 60)), name="evidence_review_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> "EvidenceRevision | None":
        revisions = list(self.revisions.all())
        return revisions[-1] if revisions else None

    @property
    def review_due(self) -> date | None:
        """The earlier of expiry and the next periodic review after the latest upload."""
        latest = self.latest()
        candidates = [self.expires_on] if self.expires_on else []
        if latest is not None:
            candidates.append(
                add_months(timezone.localtime(latest.created_at).date(), self.review_every_months)
            )
        return min(candidates) if candidates else None


class EvidenceRevision(BaseModel):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="isms/evidence/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["evidence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.filename} (r{self.number})"


class ControlCheck(BaseModel):
    """A check repeated at a fixed interval (e.g. a quarterly restore test of backups)."""

    control = models.ForeignKey(AppliedControl, on_delete=models.CASCADE, related_name="checks")
    title = models.CharField(_("check"), max_length=200)
    procedure = models.TextField(_("how to check"), blank=True, max_length=3000)
    every_months = models.PositiveSmallIntegerField(_("every (months)"))
    next_due = models.DateField(_("next due"))

    class Meta:
        verbose_name = _("recurring check")
        verbose_name_plural = _("recurring checks")
        ordering = ["next_due"]
        constraints = [
            models.CheckConstraint(condition=Q(every_months__range=(1, 36)), name="check_interval_range")
        ]

    def __str__(self) -> str:
        return self.title


class CheckResult(BaseModel):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("passed")
        PARTIAL = "partial", _("partly passed")
        FAILED = "failed", _("failed")

    check_ref = models.ForeignKey(ControlCheck, on_delete=models.CASCADE, related_name="results")
    performed_on = models.DateField(_("performed on"))
    outcome = models.CharField(_("result"), max_length=8, choices=Outcome.choices)
    notes = models.TextField(_("findings"), blank=True, max_length=3000)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        ordering = ["-performed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.check_ref} {self.performed_on}: {self.outcome}"
