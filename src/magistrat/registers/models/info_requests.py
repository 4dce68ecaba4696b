"""Requests for public information (wnioski o udostępnienie informacji publicznej, udip)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.models import Case, CasePermissions, ExtendedOnce, Trackable
from magistrat.core.deadlines import Extension, due_date, legal_period
from magistrat.core.models import BaseModel

REQUESTS = CasePermissions(
    view="registers.view_requests",
    manage="registers.manage_requests",
    # Assigning routes the case: see registers/permissions.py.
    assign="registers.register_requests",
)


class InfoRequest(Trackable, ExtendedOnce, Case):
    """A request for public information (wniosek o udostępnienie informacji publicznej, udip).

    The deadline is 14 days from receipt (art. 13 ust. 1). Before they end, the office may notify
    a new date, with reasons, up to 2 months from receipt (art. 13 ust. 2), or a fee (art. 15),
    after which the information is released 14 days from the notice. A refusal or discontinuance
    is an administrative decision (art. 16) naming who took a position; an appeal runs 14 days
    from its delivery.
    """

    number_register = "info-requests"
    intake_register = "info_requests"
    case_permissions = REQUESTS
    reply_period = "public_info_reply"
    extension_limit = "public_info_extension"

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("letter")
        EPUAP = "epuap", _("ePUAP")
        ORAL = "oral", _("orally")

    class ReleaseForm(models.TextChoices):
        ELECTRONIC = "electronic", _("electronically (e-mail)")
        PAPER = "paper", _("paper copy")
        INSPECTION = "inspection", _("inspection at the office")
        OTHER = "other", _("other")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("information released")
        REFUSED = "refused", _("refused by decision (art. 16)")
        DISCONTINUED = "discontinued", _("proceedings discontinued by decision (art. 14 ust. 2)")
        NOT_PUBLIC = "not_public", _("not public information (letter)")
        NOT_HELD = "not_held", _("the office does not hold the information (letter)")
        WITHDRAWN = "withdrawn", _("withdrawn by the requester")

    DECISIONS = frozenset({Outcome.REFUSED, Outcome.DISCONTINUED})

    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    requester_name = models.CharField(_("requester"), max_length=200, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_address = models.CharField(_("postal address"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    request_text = models.TextField(_("information requested"), max_length=20_000)
    release_form = models.CharField(_("form of release"), max_length=12, choices=ReleaseForm.choices)
    fee_amount = models.DecimalField(_("fee (PLN)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_reason = models.TextField(_("additional costs"), blank=True, max_length=3000)
    fee_notified_at = models.DateTimeField(_("requester notified of the fee"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    released = models.TextField(_("information or documents released"), blank=True, max_length=10_000)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_persons = models.TextField(
        _("persons who took a position, with their functions"), blank=True, max_length=2000
    )
    decision_delivered_on = models.DateField(_("decision delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for public information")
        verbose_name_plural = _("requests for public information")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""), name="info_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["refused", "discontinued"])
                | (~Q(decision_number="") & Q(decision_date__isnull=False) & ~Q(decision_persons="")),
                name="info_decision_complete",
                violation_error_message=_(
                    "A decision names its number, date and the persons who took a position."
                ),
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True)
                | (~Q(extension_reason="") & Q(extension_notified_at__isnull=False)),
                name="info_extension_explained",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True)
                | (Q(fee_amount__gt=0) & Q(fee_notified_at__isnull=False)),
                name="info_fee_notified",
            ),
        ]
        indexes = [models.Index(fields=["closed_at", "unit"])]

    def get_absolute_url(self) -> str:
        return reverse("registers:request_detail", args=[self.pk])

    def clock_extensions(self) -> list[Extension]:
        extensions = super().clock_extensions()
        if self.fee_notified_at:
            # art. 15 ust. 2: the information is released 14 days after the notice of the fee.
            extensions.append(
                Extension(
                    new_due=due_date(self.fee_notified_at, legal_period("public_info_after_fee")),
                    reason=self.fee_reason,
                )
            )
        return extensions

    @property
    def appeal_due(self):
        """The last day to appeal a refusal or discontinuance: 14 days from delivery."""
        if self.decision_delivered_on is None:
            return None
        return due_date(self.decision_delivered_on, legal_period("decision_appeal"))


class ReleasedDocument(BaseModel):
    """A document released in answer to a request for public information (kept with the case)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="info-requests/%Y/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("released document")
        verbose_name_plural = _("released documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
