"""Risk assessments (ISO/IEC 27001 clause 6.1.2), scenarios with their treatment (6.1.3) and the
risk owner's sign-off of the plan and of the residual risk (6.1.3 f).

A scenario carries three ratings: inherent (no controls), current (controls in place today) and
residual (after the treatment plan). Each write bumps the scenario's `revision` and stores a
`RiskRevision`, which is its history; a sign-off names the revision it approved, so any later
change voids it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel
from magistrat.isms.models.assets import Asset
from magistrat.isms.models.reference import RiskMatrix, level_of
from magistrat.org.models import Unit

STAGES = ("inherent", "current", "residual")
STAGE_LABELS = {"inherent": _("inherent"), "current": _("current"), "residual": _("residual")}


class RiskAssessment(BaseModel):
    """One assessment: its scope, date, participants and the matrix in force, copied in full."""

    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), max_length=5000)
    assessed_on = models.DateField(_("date of assessment"))
    participants = models.TextField(_("participants"), max_length=2000, help_text=_("Names and functions."))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matrix = models.ForeignKey(RiskMatrix, verbose_name=_("risk matrix"), on_delete=models.PROTECT)
    matrix_definition = models.JSONField(editable=False)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.assessed_on:%Y-%m-%d})"

    def level(self, likelihood: int, impact: int) -> dict:
        return level_of(self.matrix_definition, likelihood, impact)


class RiskScenario(BaseModel):
    class Treatment(models.TextChoices):
        MODIFY = "modify", _("modify (reduce)")
        RETAIN = "retain", _("retain (accept)")
        AVOID = "avoid", _("avoid")
        SHARE = "share", _("share (transfer)")

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="scenarios")
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("risk"), max_length=200)
    assets = models.ManyToManyField(Asset, verbose_name=_("assets"), related_name="risks", blank=True)
    threat = models.TextField(_("threat"), max_length=2000)
    vulnerability = models.TextField(_("vulnerability"), max_length=2000)
    existing_controls = models.TextField(_("existing controls"), max_length=2000, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"))
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"))
    current_likelihood = models.PositiveSmallIntegerField(_("current likelihood"))
    current_impact = models.PositiveSmallIntegerField(_("current impact"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"))
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"))
    # Level ranks in the assessment's matrix (0 = lowest), kept for sorting, filters and heat maps.
    inherent_rank = models.PositiveSmallIntegerField(editable=False)
    current_rank = models.PositiveSmallIntegerField(editable=False)
    residual_rank = models.PositiveSmallIntegerField(editable=False)
    residual_acceptable = models.BooleanField(editable=False)
    treatment = models.CharField(_("treatment option"), max_length=10, choices=Treatment.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("risk owner"),
        on_delete=models.PROTECT,
        related_name="isms_risks",
    )
    controls = models.ManyToManyField(
        "isms.AppliedControl", verbose_name=_("controls"), related_name="risks", blank=True
    )
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-residual_rank", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inherent_likelihood__range=(1, 10))
                & Q(inherent_impact__range=(1, 10))
                & Q(current_likelihood__range=(1, 10))
                & Q(current_impact__range=(1, 10))
                & Q(residual_likelihood__range=(1, 10))
                & Q(residual_impact__range=(1, 10)),
                name="risk_ratings_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "inherent_likelihood", "inherent_impact"]),
            models.Index(fields=["assessment", "residual_likelihood", "residual_impact"]),
            models.Index(fields=["owner", "residual_rank"]),
            models.Index(fields=["-residual_rank", "code"], name="risk_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def rating(self, stage: str) -> tuple[int, int]:
        return getattr(self, f"{stage}_likelihood"), getattr(self, f"{stage}_impact")

    def level(self, stage: str) -> dict:
        return self.assessment.level(*self.rating(stage))

    def valid_sign_off(self, today=None) -> "RiskSignOff | None":
        today = today or timezone.localdate()
        return next((s for s in self.sign_offs.all() if s.is_valid_for(self, today)), None)


class RiskRevision(models.Model):
    """The scenario as it stood after each change: its history, never edited."""

    scenario = models.ForeignKey(RiskScenario, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["scenario", "revision"]
        constraints = [models.UniqueConstraint(fields=["scenario", "revision"], name="risk_revision_unique")]

    def __str__(self) -> str:
        return f"{self.scenario_id} r{self.revision}"


class TreatmentTask(BaseModel):
    """A step of a risk's treatment plan, with its owner, deadline and the control it puts in place."""

    scenario = models.ForeignKey(RiskScenario, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="isms_tasks"
    )
    due_on = models.DateField(_("deadline"))
    control = models.ForeignKey(
        "isms.AppliedControl",
        verbose_name=_("control"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("treatment task")
        verbose_name_plural = _("treatment tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"]), models.Index(fields=["owner", "done_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class RiskSignOff(BaseModel):
    """The risk owner approves the treatment plan and accepts the residual risk (6.1.3 f).

    Valid while the scenario is still at the signed revision, the sign-off has not expired and was
    not withdrawn. `snapshot` is the scenario as the owner saw it.
    """

    scenario = models.ForeignKey(RiskScenario, on_delete=models.CASCADE, related_name="sign_offs")
    revision = models.PositiveIntegerField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    justification = models.TextField(_("justification"), max_length=3000)
    expires_on = models.DateField(_("valid until"))
    snapshot = models.JSONField()
    invalidated_at = models.DateTimeField(null=True, blank=True)
    invalidated_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("risk owner sign-off")
        verbose_name_plural = _("risk owner sign-offs")
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(justification=""), name="signoff_has_justification"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="signoff_revision_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} r{self.revision} {self.signed_at:%Y-%m-%d}"

    def is_valid_for(self, scenario: RiskScenario, today=None) -> bool:
        today = today or timezone.localdate()
        return self.invalidated_at is None and self.revision == scenario.revision and self.expires_on >= today


def unsigned_risks(queryset):
    """Scenarios without a current, unexpired sign-off of their latest revision."""
    today = timezone.localdate()
    return queryset.exclude(
        sign_offs__in=RiskSignOff.objects.filter(
            invalidated_at__isnull=True, expires_on__gte=today, revision=F("scenario__revision")
        )
    )
