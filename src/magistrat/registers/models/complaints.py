"""Complaints and motions (skargi i wnioski, KPA Division VIII)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.models import Case, CasePermissions, Trackable
from magistrat.core.deadlines import Extension
from magistrat.core.models import BaseModel


class Complaint(Trackable, Case):
    """A complaint (skarga) or motion (wniosek) in the register, with its one-month deadline."""

    number_register = "complaints"
    intake_register = "complaints"
    case_permissions = CasePermissions(
        view="registers.view_complaints",
        manage="registers.manage_complaints",
        # Assigning routes the case: see registers/permissions.py.
        assign="registers.register_complaints",
    )
    reply_period = "complaint_reply"  # KPA art. 237 § 1: a month
    handler_from_unit = True

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint (skarga)")
        MOTION = "motion", _("motion (wniosek)")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        LETTER = "letter", _("letter")
        EMAIL = "email", _("e-mail")
        EPUAP = "epuap", _("ePUAP")
        ORAL = "oral", _("orally, to the record")

    class Competent(models.TextChoices):
        MAYOR = "mayor", _("mayor (president of the city)")
        COUNCIL = "council", _("city council (complaint about the mayor, KPA art. 229)")
        OTHER = "other", _("another body (to be forwarded)")

    class Outcome(models.TextChoices):
        JUSTIFIED = "justified", _("justified")
        UNJUSTIFIED = "unjustified", _("unjustified")
        ACCEPTED = "accepted", _("motion accepted")
        REJECTED = "rejected", _("motion not accepted")
        FORWARDED = "forwarded", _("forwarded to the competent body")
        UNCONSIDERED = "unconsidered", _("left without consideration (no name or address)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    submitter_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    submitter_address = models.CharField(_("postal address"), max_length=300, blank=True)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=40, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"), max_length=20_000)
    competent = models.CharField(
        _("competent to decide"), max_length=10, choices=Competent.choices, default=Competent.MAYOR
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("complaint or motion")
        verbose_name_plural = _("complaints and motions")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""), name="complaint_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="forwarded") | ~Q(forwarded_to=""), name="complaint_forwarded_names_body"
            ),
        ]
        indexes = [models.Index(fields=["closed_at", "unit"])]

    def get_absolute_url(self) -> str:
        return reverse("registers:complaint_detail", args=[self.pk])

    def accepts_handler(self, handler, unit) -> bool:
        """KPA art. 229–231: the complaint stays with the unit that deals with it, so its handler
        belongs to that unit or a unit below it."""
        from magistrat.org.models import Unit

        staff = getattr(handler, "staff", None)
        if staff is None or unit is None:
            return False
        return staff.memberships.filter(unit_id__in=Unit.objects.subtree_ids([unit.pk])).exists()

    def reply_period_key(self) -> str:
        # KPA art. 231: a case for another body is forwarded within 7 days.
        return "complaint_forward" if self.competent == self.Competent.OTHER else self.reply_period

    def clock_extensions(self) -> list[Extension]:
        # KPA art. 36: every delay is notified with its reason and new date; the latest counts.
        return [Extension(new_due=e.new_due, reason=e.reason) for e in self.extensions.all()]


class ComplaintExtension(BaseModel):
    """A new date for dealing with the case, with the reason the person was told (KPA art. 36)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    new_due = models.DateField(_("new date"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.complaint.number} → {self.new_due}"
