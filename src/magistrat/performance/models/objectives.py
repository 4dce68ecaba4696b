"""Quality objectives (ISO 9001 6.2; management control: the office's and units' goals), cascaded
from the office to its units: a unit's objective names the office objective it serves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel


class ObjectiveQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(state=Objective.State.ACTIVE)


class Objective(BaseModel):
    class Level(models.TextChoices):
        OFFICE = "office", _("office")
        UNIT = "unit", _("unit")

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("office objective it serves"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    review_on = models.DateField(_("next review"), null=True, blank=True)

    objects = ObjectiveQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["level", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="office", unit__isnull=True) | Q(level="unit", unit__isnull=False),
                name="performance_objective_level_unit",
                violation_error_message=_("A unit objective names its unit; an office objective none."),
            ),
            models.CheckConstraint(
                condition=Q(year_to__gte=F("year_from")),
                name="performance_objective_years",
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(level="unit"),
                name="performance_objective_cascade",
                violation_error_message=_("Only a unit objective serves an office objective."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("performance:objective_detail", args=[self.pk])

    def clean(self):
        if self.parent_id is not None:
            parent = self.parent
            if parent.level != self.Level.OFFICE or (self.pk is not None and parent.pk == self.pk):
                raise ValidationError({"parent": _("A unit objective serves an office objective.")})
        if self.year_from and not 2000 <= self.year_from <= 2100:
            raise ValidationError({"year_from": _("Give a year between 2000 and 2100.")})
        if self.year_to and not 2000 <= self.year_to <= 2100:
            raise ValidationError({"year_to": _("Give a year between 2000 and 2100.")})
