"""The risk and opportunity register (ISO 9001 6.1; management control: the risks of the office's
objectives and tasks, komunikat nr 23 Ministra Finansów, standard group C).

One register for the quality management system and management control; ratings use the office's
risk matrices through the one matrix engine (`core.riskmatrix`) that the ISMS uses too, and each
record keeps the whole matrix definition in force when it was rated. Actions on a risk or an
opportunity live in the one action register (their origin is the record).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.core.riskmatrix import level_of


class RiskQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(state=QualityRisk.State.OPEN)


class QualityRisk(BaseModel):
    class Kind(models.TextChoices):
        RISK = "risk", _("risk")
        OPPORTUNITY = "opportunity", _("opportunity")

    class Area(models.TextChoices):
        OBJECTIVE = "objective", _("objective")
        TASK = "task", _("task of the office")
        PROCESS = "process", _("process")
        SERVICE = "service", _("service to residents")
        OTHER = "other", _("other")

    class Response(models.TextChoices):
        ACCEPT = "accept", _("accept")
        REDUCE = "reduce", _("reduce (or, for an opportunity, pursue)")
        AVOID = "avoid", _("avoid")
        SHARE = "share", _("share or transfer")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    area = models.CharField(_("concerns"), max_length=10, choices=Area.choices)
    concerns = models.CharField(
        _("which objective, task or process"), max_length=300, help_text=_("e.g. objective 2026/3")
    )
    context_issue = models.ForeignKey(
        "quality.ContextIssue",
        verbose_name=_("arises from the context issue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    process = models.ForeignKey(
        "quality.Process",
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_risks",
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    level_id = models.CharField(_("level"), max_length=20)
    level_rank = models.PositiveSmallIntegerField(_("level rank"))
    acceptable = models.BooleanField(_("acceptable"))
    matrix_code = models.SlugField(_("matrix"), max_length=40)
    matrix_version = models.PositiveIntegerField(_("matrix version"))
    matrix_definition = models.JSONField()
    response = models.CharField(_("response"), max_length=10, choices=Response.choices)
    review_on = models.DateField(_("review by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_note = models.TextField(_("why closed"), max_length=3000, blank=True)

    objects = RiskQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["-level_rank", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | ~Q(closed_note=""), name="quality_risk_closed_has_reason"
            )
        ]
        indexes = [models.Index(fields=["state", "level_rank"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def level(self) -> dict:
        return level_of(self.matrix_definition, self.likelihood, self.impact)
