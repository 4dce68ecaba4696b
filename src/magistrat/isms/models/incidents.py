"""Security incidents and personal data breaches: one record drives every legal clock.

A significant incident (NIS2 / KSC) starts the 24-hour early warning, the 72-hour notification and
the final report a month after the notification; a personal data breach starts the 72-hour GDPR
notification to UODO (art. 33) unless the breach is unlikely to result in a risk, which the
register must then explain (art. 33 ust. 5). The clocks themselves are in isms/clocks.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.isms.models.assets import Asset


class IncidentQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def breaches(self):
        return self.filter(personal_data_breach=True)


class Incident(BaseModel):
    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical")

    class BreachRisk(models.TextChoices):
        UNLIKELY = "unlikely", _("unlikely to result in a risk (no notification, art. 33 ust. 1)")
        RISK = "risk", _("risk to rights and freedoms (notify UODO)")
        HIGH = "high", _("high risk (notify UODO and the persons, art. 34)")

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    detected_at = models.DateTimeField(_("detected"))
    aware_at = models.DateTimeField(
        _("became aware"), help_text=_("When the office had reasonable certainty that an incident occurred.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    significant = models.BooleanField(
        _("significant incident (NIS2 / KSC)"),
        default=False,
        help_text=_("Severe disruption of services or financial loss, or considerable damage to others."),
    )
    cross_border = models.BooleanField(_("cross-border impact"), default=False)
    suspected_malicious = models.BooleanField(_("suspected unlawful or malicious act"), default=False)
    personal_data_breach = models.BooleanField(_("personal data breach"), default=False)
    breach_risk = models.CharField(
        _("risk to persons"), max_length=10, choices=BreachRisk.choices, blank=True
    )
    breach_data_categories = models.TextField(_("categories of personal data"), blank=True, max_length=2000)
    breach_subjects = models.PositiveIntegerField(_("approximate number of persons"), null=True, blank=True)
    breach_records = models.PositiveIntegerField(_("approximate number of records"), null=True, blank=True)
    consequences = models.TextField(_("likely consequences"), blank=True, max_length=3000)
    measures = models.TextField(_("measures taken or proposed"), blank=True, max_length=3000)
    not_notified_reason = models.TextField(_("why UODO was not notified"), blank=True, max_length=3000)
    persons_informed_at = models.DateTimeField(_("persons informed (art. 34)"), null=True, blank=True)
    assets = models.ManyToManyField(
        Asset, verbose_name=_("affected assets"), related_name="incidents", blank=True
    )
    risks = models.ManyToManyField(
        "isms.RiskScenario", verbose_name=_("related risks"), related_name="incidents", blank=True
    )
    controls = models.ManyToManyField(
        "isms.AppliedControl", verbose_name=_("related controls"), related_name="incidents", blank=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="isms_incidents",
    )
    reported_by = models.CharField(_("reported by"), max_length=200, blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, max_length=5000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = IncidentQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-detected_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aware_at__gte=F("detected_at")),
                name="incident_aware_after_detected",
                violation_error_message=_(
                    "The office cannot become aware of an incident before it is detected."
                ),
            ),
            models.CheckConstraint(
                condition=Q(personal_data_breach=False) | ~Q(breach_risk=""),
                name="incident_breach_has_risk",
                violation_error_message=_("Assess the risk of the breach to the persons concerned."),
            ),
            models.CheckConstraint(
                condition=~Q(breach_risk="unlikely") | ~Q(not_notified_reason=""),
                name="incident_unnotified_breach_explained",
                violation_error_message=_("Explain why the breach is not notified to UODO (art. 33 ust. 5)."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(lessons_learned=""),
                name="incident_closed_has_lessons",
            ),
        ]
        indexes = [
            models.Index(fields=["closed_at", "-detected_at"]),
            models.Index(fields=["personal_data_breach", "-detected_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class IncidentEntry(BaseModel):
    """A line of the incident's timeline: something that happened, or an action with an owner."""

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        ACTION = "action", _("action")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.EVENT)
    at = models.DateTimeField(_("time"))
    text = models.TextField(_("description"), max_length=3000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="action") | Q(owner__isnull=True), name="incident_entry_owner_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.at:%Y-%m-%d %H:%M}"


class IncidentReport(BaseModel):
    """A report sent to an authority, closing one of the incident's clocks."""

    class Kind(models.TextChoices):
        NIS2_EARLY_WARNING = "nis2_early_warning", _("early warning to CSIRT (24 h)")
        NIS2_NOTIFICATION = "nis2_notification", _("incident notification to CSIRT (72 h)")
        NIS2_FINAL = "nis2_final", _("final report to CSIRT (1 month)")
        GDPR_NOTIFICATION = "gdpr_notification", _("breach notification to UODO (72 h)")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    submitted_at = models.DateTimeField(_("sent"))
    reference = models.CharField(_("authority's reference number"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("report to an authority")
        verbose_name_plural = _("reports to authorities")
        ordering = ["submitted_at"]
        constraints = [models.UniqueConstraint(fields=["incident", "kind"], name="incident_report_once")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"
