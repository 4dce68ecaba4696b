"""The yearly audit programme (ISO 9001 9.2.2, ISO 19011 5): what is audited how often, by risk, and
the office's internal auditors with their qualifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.audits.models.text import TextChecked
from magistrat.core.models import BaseModel


class RiskLevel(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


# ISO 19011 5.2/5.3: the programme's extent follows risk. A high-risk unit or process is audited
# every year, a medium one every second year, a low one at least every third year.
FREQUENCY_YEARS = {RiskLevel.HIGH: 1, RiskLevel.MEDIUM: 2, RiskLevel.LOW: 3}


class AuditProgramme(TextChecked, BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    year = models.PositiveIntegerField(_("year"), unique=True)
    objectives = models.TextField(_("objectives"), max_length=5000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="audits_programme_year"
            )
        ]

    def __str__(self) -> str:
        return str(_("Audit programme %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:programme", args=[self.year])


class ProgrammeEntry(TextChecked, BaseModel):
    """A unit (and optionally one of its processes) in the programme, with its risk level."""

    programme = models.ForeignKey(
        AuditProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="entries"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    process = models.CharField(_("process"), max_length=200, blank=True)
    risk = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    rationale = models.TextField(_("why this risk level"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("programme entry")
        verbose_name_plural = _("programme entries")
        ordering = ["programme", "unit__code", "process"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit", "process"], name="audits_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.process}".strip()

    @property
    def frequency_years(self) -> int:
        return FREQUENCY_YEARS[RiskLevel(self.risk)]


class Auditor(TextChecked, BaseModel):
    """An internal auditor of the office (ISO 19011 7): the person, their declared areas of own
    work (which they may not audit) and their qualifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="auditor"
    )
    responsible_units = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("units whose work they are responsible for"),
        blank=True,
        related_name="+",
        help_text=_("Declared own work: the auditor may not audit these units."),
    )
    responsible_processes = models.TextField(
        _("processes they are responsible for"),
        max_length=2000,
        blank=True,
        help_text=_("One per line: the auditor may not audit these processes."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:auditor_detail", args=[self.pk])

    def own_processes(self) -> set[str]:
        return {line.strip().casefold() for line in self.responsible_processes.splitlines() if line.strip()}


class Qualification(TextChecked, BaseModel):
    """A course or certificate of an auditor (e.g. ISO 9001 lead-auditor course)."""

    auditor = models.ForeignKey(
        Auditor, verbose_name=_("auditor"), on_delete=models.CASCADE, related_name="qualifications"
    )
    title = models.CharField(_("qualification"), max_length=200)
    standards = models.CharField(_("standards"), max_length=200, help_text=_("e.g. ISO 9001, ISO/IEC 27001"))
    obtained_on = models.DateField(_("obtained"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["auditor", "-obtained_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("obtained_on")),
                name="audits_qualification_dates",
                violation_error_message=_("A qualification cannot expire before it was obtained."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.standards})"
