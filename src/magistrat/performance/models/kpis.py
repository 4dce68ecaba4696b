"""KPIs (ISO 9001 9.1.1: what is measured, how, when): a definition, a target with amber and red
thresholds, a frequency and an owner; values per period, entered by hand or computed by a
registered source (`performance.sources`); comments on values; changes of method that break the
series (a new survey scale), which charts and tables show."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel

MANUAL = "manual"


class Kpi(BaseModel):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    objective = models.ForeignKey(
        "performance.Objective", verbose_name=_("objective"), on_delete=models.PROTECT, related_name="kpis"
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), max_length=5000, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    target = models.FloatField(_("target"))
    amber_threshold = models.FloatField(
        _("amber threshold"), help_text=_("Worse than this value the light turns amber.")
    )
    red_threshold = models.FloatField(
        _("red threshold"), help_text=_("Worse than this value the light turns red.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=60, default=MANUAL)

    objects = AuditedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="performance_kpi_range",
                violation_error_message=_("The highest valid value cannot be below the lowest."),
            ),
            models.CheckConstraint(
                condition=Q(direction="higher", red_threshold__lte=F("amber_threshold"))
                | Q(direction="lower", red_threshold__gte=F("amber_threshold")),
                name="performance_kpi_thresholds",
                violation_error_message=_("The red threshold must be worse than the amber threshold."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("performance:kpi_detail", args=[self.pk])

    @property
    def is_manual(self) -> bool:
        return self.source == MANUAL

    def source_label(self) -> str:
        from magistrat.performance.sources import get_source

        if self.is_manual:
            return str(_("entered by hand"))
        source = get_source(self.source)
        return str(source.label) if source else self.source

    def light(self, value: float | None) -> str:
        """green / amber / red against the thresholds, grey when nothing was measured."""
        if value is None:
            return "grey"
        if self.direction == self.Direction.HIGHER:
            return (
                "red" if value < self.red_threshold else "amber" if value < self.amber_threshold else "green"
            )
        return "red" if value > self.red_threshold else "amber" if value > self.amber_threshold else "green"


LIGHTS = {
    "green": _("on target"),
    "amber": _("watch"),
    "red": _("off target"),
    "grey": _("no data"),
}


class KpiValue(BaseModel):
    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    # Empty for a computed period with nothing to measure (no ratings, no cases): a gap, not a zero.
    value = models.FloatField(_("value"), null=True, blank=True)
    sample = models.PositiveIntegerField(_("sample"), null=True, blank=True)
    low = models.FloatField(_("interval from"), null=True, blank=True)
    high = models.FloatField(_("interval to"), null=True, blank=True)
    computed = models.BooleanField(_("computed"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), null=True, blank=True)
    records_url = models.CharField(_("records"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        ordering = ["kpi", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period_start"],
                name="performance_value_one_per_period",
                violation_error_message=_("This KPI already has a value for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="performance_value_period",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(computed=True)
                | Q(value__isnull=False, entered_by__isnull=False, entered_at__isnull=False),
                name="performance_value_entered_by_whom",
                violation_error_message=_("A value entered by hand records its value, who and when."),
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(high__gte=F("low")),
                name="performance_value_interval",
                violation_error_message=_("An interval cannot end below its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period_start:%Y-%m}"

    def permission_unit_id(self) -> int | None:
        return self.kpi.unit_id

    @property
    def light(self) -> str:
        return self.kpi.light(self.value)


class ValueComment(BaseModel):
    value = models.ForeignKey(
        KpiValue, verbose_name=_("value"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=3000)

    class Meta:
        verbose_name = _("comment on a value")
        verbose_name_plural = _("comments on values")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def permission_unit_id(self) -> int | None:
        return self.value.kpi.unit_id


class MethodChange(BaseModel):
    """A change in how the KPI is measured from a day on (a survey's scale, a new definition of "on
    time"): values before and after are not comparable, so the series is broken there."""

    kpi = models.ForeignKey(
        Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="method_changes"
    )
    effective_from = models.DateField(_("effective from"))
    description = models.TextField(_("what changed"), max_length=3000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("change of method")
        verbose_name_plural = _("changes of method")
        ordering = ["kpi", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "effective_from"],
                name="performance_method_change_once_a_day",
                violation_error_message=_("A change of method is already recorded from this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.effective_from}"

    def permission_unit_id(self) -> int | None:
        return self.kpi.unit_id
