"""The one action register (ISO 9001 10.2, 10.3): corrective actions of nonconformities today;
risk treatment, management review outputs, audit findings and the CAF improvement plan later.

An action names its origin generically (content type and id, with a readable label kept for lists),
so every module's actions live in one register with one workflow: open → done → verified, or
cancelled. Its deadline runs on the deadline engine (`clock`).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, Extension, Period, Status, Unit
from magistrat.core.models import AuditedQuerySet, BaseModel


class ActionQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(state=Action.State.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def of(self, origin):
        return self.filter(origin_type=ContentType.objects.get_for_model(origin), origin_id=origin.pk)


class Action(BaseModel):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        VERIFIED = "verified", _("verified as effective")
        CANCELLED = "cancelled", _("cancelled")

    origin_type = models.ForeignKey(
        ContentType, verbose_name=_("origin type"), on_delete=models.PROTECT, null=True, blank=True
    )
    origin_id = models.PositiveBigIntegerField(_("origin id"), null=True, blank=True)
    origin_label = models.CharField(_("origin"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_actions",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    done_note = models.TextField(_("what was done"), max_length=3000, blank=True)
    cancel_reason = models.TextField(_("why cancelled"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ActionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="quality_action_state_due"),
            models.Index(fields=["owner", "state"], name="quality_action_owner_state"),
            models.Index(fields=["origin_type", "origin_id"], name="quality_action_origin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | Q(state="cancelled") | Q(done_at__isnull=False),
                name="quality_action_done_has_time",
                violation_error_message=_("A done action records when it was done."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quality:action_detail", args=[self.pk])

    @property
    def clock(self) -> Clock:
        """The deadline on the engine: due at the end of `due_on` (services keep it a working day)."""
        start = self.created_at or timezone.now()
        return Clock(
            start=start,
            period=Period(0, Unit.DAYS),
            extensions=(Extension(new_due=self.due_on, reason=""),),
            completed_at=self.done_at,
        )

    def status(self, now=None) -> Status | None:
        """open / due soon / overdue / done on time / done late; None for a cancelled action."""
        from magistrat.quality.policy import value

        if self.state == self.State.CANCELLED:
            return None
        return self.clock.status(now, soon_days=value("due_soon_days"))

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OPEN and self.due_on < timezone.localdate()
