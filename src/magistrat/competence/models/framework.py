"""The competence model: competences with their level scales, the levels each position requires
(from its job description) and each employee's assessed levels with their history (ISO 9001 7.2)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Position, Staff


class Competence(BaseModel):
    """One competence of the office's framework, with its own scale of levels (0 = none)."""

    class Group(models.TextChoices):
        PROFESSIONAL = "professional", _("professional")
        LEGAL = "legal", _("legal knowledge")
        SOCIAL = "social", _("social")
        MANAGERIAL = "managerial", _("managerial")
        DIGITAL = "digital", _("digital")
        SECURITY = "security", _("security")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    description = models.TextField(_("description"), blank=True)
    # [{"value": 1, "label": "basic", "description": "..."}], lowest first; 0 (none) is implied.
    levels = models.JSONField(_("levels"), default=list)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name

    def level_labels(self) -> dict[int, str]:
        return {0: str(_("none"))} | {int(level["value"]): level["label"] for level in self.levels}

    def level_label(self, value: int | None) -> str:
        if value is None:
            return str(_("not assessed"))
        return f"{value} – {self.level_labels().get(value, '')}"

    @property
    def top_level(self) -> int:
        return max((int(level["value"]) for level in self.levels), default=0)


class RequirementQuerySet(AuditedQuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def on(self, day: date):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class PositionRequirement(BaseModel):
    """The level of a competence a position requires (from its job description, opis stanowiska).
    Never changed in place: a new level closes the old one (valid until the day before), so the
    as-of report knows what was required on any day."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="competence_requirements"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT, related_name="requirements"
    )
    level = models.PositiveSmallIntegerField(_("required level"))
    valid_from = models.DateField(_("required from"))
    valid_until = models.DateField(_("required until"), null=True, blank=True)
    basis = models.CharField(_("basis (job description)"), max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = RequirementQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("required level of a position")
        verbose_name_plural = _("required levels of positions")
        ordering = ["position__name", "competence__group", "competence__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competence"],
                condition=Q(valid_until__isnull=True),
                name="requirement_one_current",
            ),
        ]
        indexes = [models.Index(fields=["position", "competence", "valid_from"], name="requirement_on")]

    def __str__(self) -> str:
        return f"{self.position}: {self.competence} ≥ {self.level}"

    @property
    def level_text(self) -> str:
        return self.competence.level_label(self.level)


class LevelRecord(BaseModel):
    """An employee's level of a competence as assessed on a day, by a source. A change is a new
    record: the old one stays with its date and source. The level the gap matrix counts is the
    latest one confirmed by the superior, a test or a certificate (`is_current`); a
    self-assessment is kept and shown beside it."""

    class Source(models.TextChoices):
        SELF = "self", _("self-assessment")
        SUPERIOR = "superior", _("superior")
        TEST = "test", _("test")
        CERTIFICATE = "certificate", _("certificate")

    staff = models.ForeignKey(
        Staff, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="competence_levels"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT, related_name="records"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    assessed_on = models.DateField(_("assessed on"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    evidence = models.CharField(_("evidence (test, certificate number)"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(_("current confirmed level"), default=False)

    class Meta:
        verbose_name = _("assessed level of a competence")
        verbose_name_plural = _("assessed levels of competences")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "competence"], condition=Q(is_current=True), name="level_one_current"
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "competence", "assessed_on"], name="level_history"),
            models.Index(fields=["competence", "staff"], condition=Q(is_current=True), name="level_current"),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.competence} = {self.level} ({self.assessed_on:%Y-%m-%d})"

    @property
    def level_text(self) -> str:
        return self.competence.level_label(self.level)
