"""GDPR records: processing activities (art. 30) and data subject requests (art. 12–22)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, Extension, legal_period
from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Unit


class ProcessingActivity(BaseModel):
    """An entry of the record of processing activities: the controller's (30.1) or a processor's (30.2).

    Field names follow the keys of the GDPR art. 30 catalogue (isms/data/catalogues/gdpr-art30.yaml).
    """

    class Role(models.TextChoices):
        CONTROLLER = "controller", _("as controller (art. 30 ust. 1)")
        PROCESSOR = "processor", _("as processor for another controller (art. 30 ust. 2)")

    role = models.CharField(
        _("the office processes"), max_length=10, choices=Role.choices, default=Role.CONTROLLER
    )
    name = models.CharField(_("processing activity"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    controller = models.TextField(
        _("controller, joint controllers, representative, DPO: names and contacts"), max_length=2000
    )
    processor = models.TextField(
        _("controllers on whose behalf the office processes: names and contacts"), blank=True, max_length=2000
    )
    purposes = models.TextField(_("purposes of the processing"), blank=True, max_length=3000)
    legal_basis = models.TextField(_("legal basis"), blank=True, max_length=2000)
    data_subjects = models.TextField(_("categories of data subjects"), blank=True, max_length=2000)
    data_categories = models.TextField(_("categories of personal data"), blank=True, max_length=2000)
    recipients = models.TextField(_("categories of recipients"), blank=True, max_length=2000)
    processing_categories = models.TextField(
        _("categories of processing carried out for the controller"), blank=True, max_length=2000
    )
    transfers = models.TextField(
        _("transfers to third countries or international organisations, with safeguards"),
        blank=True,
        max_length=2000,
    )
    erasure = models.TextField(_("time limits for erasure"), blank=True, max_length=2000)
    security = models.TextField(_("technical and organisational security measures"), max_length=3000)
    systems = models.ManyToManyField(
        "isms.Asset", verbose_name=_("systems and assets"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        ordering = ["role", "name"]
        constraints = [
            # 30.1 b–d, f: a controller's record names purposes, subjects, data, recipients, erasure.
            models.CheckConstraint(
                condition=Q(role="processor")
                | (
                    ~Q(purposes="")
                    & ~Q(data_subjects="")
                    & ~Q(data_categories="")
                    & ~Q(recipients="")
                    & ~Q(erasure="")
                ),
                name="processing_controller_fields",
                violation_error_message=_(
                    "A controller's record names the purposes, data subjects, data, recipients "
                    "and erasure periods."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="controller") | (~Q(processor="") & ~Q(processing_categories="")),
                name="processing_processor_fields",
                violation_error_message=_(
                    "A processor's record names the controllers it acts for and the categories of processing."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DataSubjectRequestQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)


class DataSubjectRequest(BaseModel):
    class Right(models.TextChoices):
        ACCESS = "access", _("access (art. 15)")
        RECTIFICATION = "rectification", _("rectification (art. 16)")
        ERASURE = "erasure", _("erasure (art. 17)")
        RESTRICTION = "restriction", _("restriction (art. 18)")
        PORTABILITY = "portability", _("data portability (art. 20)")
        OBJECTION = "objection", _("objection (art. 21)")
        AUTOMATED = "automated", _("automated decisions (art. 22)")

    class Outcome(models.TextChoices):
        FULFILLED = "fulfilled", _("fulfilled")
        PARTLY = "partly", _("partly fulfilled")
        REFUSED = "refused", _("refused, with reasons and the right to complain")
        WITHDRAWN = "withdrawn", _("withdrawn by the person")

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    right = models.CharField(_("right exercised"), max_length=15, choices=Right.choices)
    received_at = models.DateTimeField(_("received"))
    requester = models.CharField(_("person"), max_length=200)
    contact = models.CharField(_("contact"), max_length=300)
    description = models.TextField(_("request"), max_length=5000)
    activity = models.ForeignKey(
        ProcessingActivity,
        verbose_name=_("processing activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Empty until someone is assigned: the request waits for the intake role meanwhile (org.intake).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons for the extension"), blank=True, max_length=2000)
    extension_notified_at = models.DateTimeField(_("person told of the extension"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True, max_length=5000)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = DataSubjectRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(outcome=""), name="dsr_completed_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True)
                | (~Q(extension_reason="") & Q(extension_notified_at__isnull=False)),
                name="dsr_extension_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_right_display()}"

    @property
    def clock(self) -> Clock:
        extensions = (
            [Extension(new_due=self.extended_to, reason=self.extension_reason)] if self.extended_to else []
        )
        return Clock(
            start=self.received_at,
            period=legal_period("dsr_reply"),
            extensions=extensions,
            completed_at=self.completed_at,
        )
