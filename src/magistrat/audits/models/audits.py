"""An internal audit (ISO 9001 9.2, ISO/IEC 27001 9.2, management control standard E.21): plan,
team, criteria (clauses of the catalogues), checklist, findings and the audited units' acknowledgement.

planned → in progress → reported → closed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.audits.models.text import TextChecked
from magistrat.core.models import BaseModel


class Audit(TextChecked, BaseModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        REPORTED = "reported", _("reported")
        CLOSED = "closed", _("closed")

    programme = models.ForeignKey(
        "audits.AuditProgramme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="audits"
    )
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope and objectives"), max_length=5000, blank=True)
    process = models.CharField(_("process"), max_length=200, blank=True)
    units = models.ManyToManyField("org.Unit", verbose_name=_("audited units"), related_name="+")
    criteria = models.ManyToManyField("audits.Clause", verbose_name=_("criteria"), related_name="+")
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead auditor"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("audit team"), blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PLANNED)
    summary = models.TextField(_("conclusions"), max_length=10_000, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="audits_audit_dates",
                violation_error_message=_("The audit cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:audit_detail", args=[self.pk])

    def permission_unit_id(self) -> int | None:
        """For the permission layer's unit rule; `audits/permissions.py` reads every audited unit."""
        return min(self.unit_ids(), default=None)

    def auditor_ids(self) -> set[int]:
        return {self.lead_id, *self.team.values_list("pk", flat=True)}

    def unit_ids(self) -> set[int]:
        return set(self.units.values_list("pk", flat=True))


class ChecklistItem(TextChecked, BaseModel):
    """A question of the checklist, one per chosen clause, answered during the audit."""

    class Result(models.TextChoices):
        CONFORMS = "conforms", _("conforms")
        NONCONFORMS = "nonconforms", _("does not conform")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="checklist"
    )
    clause = models.ForeignKey(
        "audits.Clause", verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(_("question"), max_length=500)
    evidence = models.TextField(_("evidence notes"), max_length=5000, blank=True)
    result = models.CharField(_("result"), max_length=15, choices=Result.choices, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["audit", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["audit", "clause"], name="audits_checklist_clause")]

    def __str__(self) -> str:
        return f"{self.clause.ref}: {self.question}"

    def permission_unit_id(self) -> int | None:
        return self.audit.permission_unit_id()


class Finding(TextChecked, BaseModel):
    class Kind(models.TextChoices):
        MAJOR = "major", _("major nonconformity")
        MINOR = "minor", _("minor nonconformity")
        OBSERVATION = "observation", _("observation")
        IMPROVEMENT = "improvement", _("opportunity for improvement")
        GOOD_PRACTICE = "good_practice", _("good practice")

    NONCONFORMITIES = (Kind.MAJOR, Kind.MINOR)

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveIntegerField(_("number"))
    clause = models.ForeignKey(
        "audits.Clause",
        verbose_name=_("clause"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=5000)
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "number"]
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="audits_finding_number")]

    def __str__(self) -> str:
        return f"{self.audit.title} #{self.number}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:finding_detail", args=[self.pk])

    @property
    def is_nonconformity(self) -> bool:
        return self.kind in self.NONCONFORMITIES


class Acknowledgement(TextChecked, BaseModel):
    """The audited unit's head acknowledges the reported findings of their unit, with a comment."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("acknowledgement of findings")
        verbose_name_plural = _("acknowledgements of findings")
        ordering = ["audit", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["audit", "unit"], name="audits_ack_unit")]

    def __str__(self) -> str:
        return f"{self.audit.title}: {self.unit.code}"
