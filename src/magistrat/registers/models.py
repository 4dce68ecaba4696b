"""Complaints and motions (skargi i wnioski, KPA Division VIII)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, Extension, due_date, legal_period
from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Staff, Unit


def _tracking_code() -> str:
    return secrets.token_hex(4).upper()


class ComplaintQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def in_units(self, unit_ids):
        """Cases assigned to the units; None means every case."""
        return self if unit_ids is None else self.filter(unit_id__in=list(unit_ids))


class Complaint(BaseModel):
    """A complaint (skarga) or motion (wniosek) in the register, with its one-month deadline."""

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

    number = models.CharField(_("case number"), max_length=40, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=8, default=_tracking_code)
    # The same web form sent twice (double click, resend) is stored once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    submitter_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    submitter_address = models.CharField(_("postal address"), max_length=300, blank=True)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=40, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"), max_length=20_000)
    competent = models.CharField(
        _("competent to decide"), max_length=10, choices=Competent.choices, default=Competent.MAYOR
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    assignee = models.ForeignKey(
        Staff, verbose_name=_("handled by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()  # type: ignore[misc]

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

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def clock(self) -> Clock:
        extensions = [Extension(new_due=e.new_due, reason=e.reason) for e in self.extensions.all()]
        # KPA art. 237 § 1 (a month) or art. 231 (7 days to forward): core/data/legal_periods.yaml
        period = legal_period(
            "complaint_forward" if self.competent == self.Competent.OTHER else "complaint_reply"
        )
        return Clock(
            start=self.received_at, period=period, extensions=extensions, completed_at=self.closed_at
        )

    @property
    def status(self):
        return self.clock.status()


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


class InfoRequestQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def in_units(self, unit_ids):
        return self if unit_ids is None else self.filter(unit_id__in=list(unit_ids))


class InfoRequest(BaseModel):
    """A request for public information (wniosek o udostępnienie informacji publicznej, udip).

    The deadline is 14 days from receipt (art. 13 ust. 1). Before they end, the office may notify
    a new date, with reasons, up to 2 months from receipt (art. 13 ust. 2), or a fee (art. 15),
    after which the information is released 14 days from the notice. A refusal or discontinuance
    is an administrative decision (art. 16) naming who took a position; an appeal runs 14 days
    from its delivery.
    """

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

    number = models.CharField(_("case number"), max_length=40, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=8, default=_tracking_code)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    requester_name = models.CharField(_("requester"), max_length=200, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)
    requester_address = models.CharField(_("postal address"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    request_text = models.TextField(_("information requested"), max_length=20_000)
    release_form = models.CharField(_("form of release"), max_length=12, choices=ReleaseForm.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="info_requests",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons for the delay"), blank=True, max_length=3000)
    extension_notified_at = models.DateTimeField(_("requester notified of the delay"), null=True, blank=True)
    fee_amount = models.DecimalField(_("fee (PLN)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_reason = models.TextField(_("additional costs"), blank=True, max_length=3000)
    fee_notified_at = models.DateTimeField(_("requester notified of the fee"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    released = models.TextField(_("information or documents released"), blank=True, max_length=10_000)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_persons = models.TextField(
        _("persons who took a position, with their functions"), blank=True, max_length=2000
    )
    decision_delivered_on = models.DateField(_("decision delivered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = InfoRequestQuerySet.as_manager()  # type: ignore[misc]

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

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def clock(self) -> Clock:
        extensions = []
        if self.extended_to:
            extensions.append(Extension(new_due=self.extended_to, reason=self.extension_reason))
        if self.fee_notified_at:
            # art. 15 ust. 2: the information is released 14 days after the notice of the fee.
            extensions.append(
                Extension(
                    new_due=due_date(self.fee_notified_at, legal_period("public_info_after_fee")),
                    reason=self.fee_reason,
                )
            )
        return Clock(
            start=self.received_at,
            period=legal_period("public_info_reply"),
            extensions=extensions,
            completed_at=self.closed_at,
        )

    @property
    def appeal_due(self):
        """The last day to appeal a refusal or discontinuance: 14 days from delivery."""
        if self.decision_delivered_on is None:
            return None
        return due_date(self.decision_delivered_on, legal_period("decision_appeal"))


class PetitionQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Petition(BaseModel):
    """A petition (ustawa o petycjach z 11 lipca 2014 r.): published on the BIP as soon as it is
    registered (art. 8), dealt with within 3 months (art. 10), summarised yearly by 30 June (art. 14)."""

    class Addressee(models.TextChoices):
        MAYOR = "mayor", _("mayor (president of the city)")
        COUNCIL = "council", _("city council")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("not accepted")
        UNCONSIDERED = "unconsidered", _("left without consideration (art. 7)")
        FORWARDED = "forwarded", _("forwarded to the competent body (art. 6)")

    number = models.CharField(_("case number"), max_length=40, unique=True)
    filed_at = models.DateTimeField(_("filed"))
    petitioner = models.CharField(_("petitioner"), max_length=300)
    petitioner_contact = models.CharField(_("petitioner's address or e-mail"), max_length=300)
    in_interest_of = models.CharField(_("filed in the interest of"), max_length=300, blank=True)
    consent_to_publish = models.BooleanField(
        _("the petitioner agrees to publishing their name"), default=False, help_text=_("Art. 8 ust. 1.")
    )
    addressee = models.CharField(_("addressee"), max_length=10, choices=Addressee.choices)
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content of the petition"), max_length=30_000)
    # Art. 8 ust. 1: the text of the petition or its scan is published.
    scan = models.FileField(_("scan of the petition"), upload_to="petitions/%Y/", blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons for the extension"), blank=True, max_length=3000)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("how the petition was dealt with"), blank=True, max_length=10_000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = PetitionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (~Q(outcome="") & ~Q(reply="")),
                name="petition_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | ~Q(extension_reason=""),
                name="petition_extension_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def clock(self) -> Clock:
        extensions = (
            [Extension(new_due=self.extended_to, reason=self.extension_reason)] if self.extended_to else []
        )
        return Clock(
            start=self.filed_at,
            period=legal_period("petition_reply"),
            extensions=extensions,
            completed_at=self.closed_at,
        )

    @property
    def public_petitioner(self) -> str:
        return self.petitioner if self.consent_to_publish else ""


class PetitionUpdate(BaseModel):
    """A step in the course of the case, published with the petition (art. 8 ust. 1)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("what happened"), max_length=5000)

    class Meta:
        verbose_name = _("course of the case")
        verbose_name_plural = _("course of the case")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition.number}: {self.text[:40]}"


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
