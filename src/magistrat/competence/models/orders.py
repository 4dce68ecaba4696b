"""The head's order on periodic assessments (zarządzenie, u.p.s. art. 28), kept in versions."""

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel


class AssessmentOrder(BaseModel):
    """One version of the criteria, scale and procedure of periodic assessments set by the head of
    the office (u.p.s. art. 28). A version is never changed once assessments use it: a new order is
    a new version, in force from its date; an assessment keeps the version in force when it started.
    """

    class Basis(models.TextChoices):
        DUTIES = "duties", _("duties of the job description")
        ART24 = "art24", _("duties of art. 24 u.p.s.")
        ART25 = "art25", _("duties of art. 25 ust. 1 u.p.s.")

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title of the order"), max_length=300)
    in_force_from = models.DateField(_("in force from"))
    criteria = models.JSONField(_("criteria"), default=list)  # [{"code", "name", "basis"}]
    scale = models.JSONField(_("scale"), default=list)  # [{"value": 1..9, "label"}], lowest first
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=3,
        decimal_places=2,
        help_text=_("The assessment is negative when the mean of the marks is below it."),
    )
    after_negative_due_months = models.PositiveSmallIntegerField(
        _("next assessment after a negative one within (months)"),
        default=6,
        validators=[MinValueValidator(3), MaxValueValidator(24)],
    )
    warn_days = models.PositiveSmallIntegerField(
        _("warn the superior days before the due date"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    procedure = models.TextField(_("procedure"), blank=True)

    class Meta:
        verbose_name = _("assessment order")
        verbose_name_plural = _("assessment orders")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version} {self.title}"

    @classmethod
    def in_force(cls, on: date) -> "AssessmentOrder | None":
        """The version in force on the day (the latest in force from that day or before)."""
        found = cls.objects.filter(in_force_from__lte=on).order_by("-in_force_from", "-version").first()
        return found

    def criterion_names(self) -> dict[str, str]:
        return {c["code"]: c["name"] for c in self.criteria}

    def scale_labels(self) -> dict[int, str]:
        return {int(s["value"]): s["label"] for s in self.scale}

    def is_negative(self, score: Decimal) -> bool:
        return score < self.pass_mark
