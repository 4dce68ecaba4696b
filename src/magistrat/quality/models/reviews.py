"""The management review (ISO 9001 9.3).

The quality manager prepares a review for a period: its pack compiles every input of 9.3.2 from
live data (`quality/review_inputs.py`) with the manager's comments. When leadership holds the
review, the pack is frozen with its SHA-256 and the review's decisions (9.3.3: improvement
opportunities, changes to the QMS, resource needs) are recorded, each that needs doing becoming a
tracked action in the one action register.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel


class ManagementReview(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        HELD = "held", _("held")

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    planned_on = models.DateField(_("planned for"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    comments = models.JSONField(_("comments on the inputs"), default=dict, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    participants = models.TextField(_("participants"), max_length=3000, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=10_000, blank=True)
    pack = models.JSONField(_("frozen pack"), null=True, blank=True)
    pack_hash = models.CharField(_("SHA-256 of the pack"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="review_period_not_empty",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(held_on__isnull=False, pack__isnull=False, chair__isnull=False),
                name="review_held_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewDecision(BaseModel):
    """An output of the review (9.3.3); one that needs doing has its action in the action register."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("opportunity for improvement")
        QMS_CHANGE = "qms_change", _("change to the quality management system")
        RESOURCES = "resources", _("resource needs")

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("decision"), max_length=3000)
    action = models.OneToOneField(
        "quality.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_decision",
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.text[:80]}"
