"""Periodic assessments of officials (ocena okresowa, u.p.s. art. 27) and appeals against them."""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import WARSAW, Clock, due_date, legal_period
from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Staff, Unit

from .orders import AssessmentOrder


class Outcome(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")


class AssessmentQuerySet(AuditedQuerySet):
    def counted(self):
        """Assessments that count for the intervals of art. 27: not annulled by an appeal."""
        return self.exclude(state=Assessment.State.ANNULLED)

    def in_progress(self):
        return self.filter(
            state__in=[Assessment.State.DRAFT, Assessment.State.ISSUED, Assessment.State.APPEALED]
        )


class Assessment(BaseModel):
    """A written periodic assessment of an official by their direct superior (art. 27 ust. 1-2)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        ISSUED = "issued", _("made, to be delivered")
        DELIVERED = "delivered", _("delivered")
        APPEALED = "appealed", _("appealed")
        DECIDED = "decided", _("appeal decided")
        ANNULLED = "annulled", _("annulled: a new assessment ordered")

    employee = models.ForeignKey(
        Staff, verbose_name=_("assessed official"), on_delete=models.PROTECT, related_name="assessments"
    )
    # The employee's unit when the assessment started: the unit-scoped view permission reads it.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    superior = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("direct superior"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.ForeignKey(
        AssessmentOrder, verbose_name=_("order (criteria and scale)"), on_delete=models.PROTECT
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces the assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    started_on = models.DateField(_("started on"))
    marks = models.JSONField(_("marks"), default=dict)  # {criterion code: {"value": int, "comment": str}}
    conclusions = models.TextField(_("conclusions"), blank=True)
    score = models.DecimalField(_("mean mark"), max_digits=3, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    assessed_on = models.DateField(_("made on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered to the employee on"), null=True, blank=True)
    delivered_to_head_on = models.DateField(
        _("delivered to the head of the office on"), null=True, blank=True
    )
    # A second negative assessment in a row (art. 27 ust. 9): HR is alerted, a person decides.
    second_negative = models.BooleanField(_("second negative in a row"), default=False)
    second_negative_handled_on = models.DateField(
        _("second negative: decision recorded on"), null=True, blank=True
    )
    second_negative_note = models.TextField(_("second negative: decision"), blank=True)

    objects = AssessmentQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("periodic assessment")
        verbose_name_plural = _("periodic assessments")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(state__in=["draft", "issued", "appealed"]),
                name="assessment_one_in_progress",
                violation_error_message=_("An assessment of this person is already in progress."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.started_on:%Y-%m-%d})"

    # --- what follows from the dates ------------------------------------------------------------

    @property
    def final_outcome(self) -> str:
        """The outcome as it stands: changed by an upheld appeal (art. 27 ust. 7) or as made."""
        appeal = getattr(self, "appeal", None)
        if appeal is not None and appeal.decision == Appeal.Decision.CHANGED:
            return appeal.changed_outcome
        return self.outcome

    @property
    def is_negative(self) -> bool:
        return self.final_outcome == Outcome.NEGATIVE

    @property
    def appeal_until(self) -> date | None:
        """The last day for an appeal: 7 days from delivery (art. 27 ust. 5)."""
        if self.delivered_on is None:
            return None
        return due_date(self.delivered_on, legal_period("assessment_appeal"))

    def ended_on(self, today: date | None = None) -> date | None:
        """The day the assessment ended (became final): the appeal decided, or the appeal period
        over without an appeal. None while it can still change or when it was annulled."""
        today = today or timezone.localdate()
        if self.state == self.State.DECIDED:
            return self.appeal.decided_on
        if self.state == self.State.DELIVERED and self.appeal_until and self.appeal_until < today:
            return self.appeal_until
        return None

    def may_appeal(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.state == self.State.DELIVERED
            and self.appeal_until is not None
            and today <= self.appeal_until
        )

    def marks_table(self) -> list[dict]:
        """The criteria of the order with the marks given, for the page and the PDF."""
        labels = self.order.scale_labels()
        rows = []
        for criterion in self.order.criteria:
            mark = self.marks.get(criterion["code"], {})
            value = mark.get("value")
            rows.append(
                {
                    "name": criterion["name"],
                    "basis": AssessmentOrder.Basis(criterion["basis"]).label,
                    "value": value,
                    "label": labels.get(value, "") if value is not None else "",
                    "comment": mark.get("comment", ""),
                }
            )
        return rows

    def mean_mark(self) -> Decimal | None:
        values = [m["value"] for m in self.marks.values() if m.get("value") is not None]
        if not values or len(values) < len(self.order.criteria):
            return None
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))


class Appeal(BaseModel):
    """An appeal to the head of the office against an assessment (art. 27 ust. 5-7)."""

    class Decision(models.TextChoices):
        DISMISSED = "dismissed", _("dismissed: the assessment stands")
        CHANGED = "changed", _("upheld: the assessment changed")
        REASSESS = "reassess", _("upheld: a new assessment ordered")

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="appeal")
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("reasons of the appeal"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    changed_outcome = models.CharField(
        _("changed outcome"), max_length=10, choices=Outcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("appeal against an assessment")
        verbose_name_plural = _("appeals against assessments")

    def __str__(self) -> str:
        return f"{self.assessment} – {self.filed_on:%Y-%m-%d}"

    def permission_unit_id(self) -> int:
        return self.assessment.unit_id

    @property
    def clock(self) -> Clock:
        """14 days from filing for the head's decision (art. 27 ust. 6)."""
        completed = datetime.combine(self.decided_on, time(12), tzinfo=WARSAW) if self.decided_on else None
        start = datetime.combine(self.filed_on, time(12), tzinfo=WARSAW)
        return Clock(start=start, period=legal_period("assessment_appeal_decision"), completed_at=completed)
