"""GDPR records: processing activities (art. 30) and data subject requests (art. 12–22)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.models import Case, CasePermissions, ExtendedOnce
from magistrat.core.models import BaseModel
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


class DataSubjectRequest(ExtendedOnce, Case):
    """A request of a data subject exercising a right (RODO art. 15–22), answered within a month of
    receipt, extendable by two further months with the person told within the first (art. 12 ust. 3)."""

    number_register = "isms-dsr"
    intake_register = "data_subject_requests"
    # Office-wide: the data protection officer's register. Whoever receives the intake holds
    # isms.manage_gdpr (org.intake offers only roles that do), so assigning needs no rule of its own.
    case_permissions = CasePermissions(
        view="isms.view_gdpr", manage="isms.manage_gdpr", assign="isms.manage_gdpr"
    )
    reply_period = "dsr_reply"
    extension_limit = "dsr_extension"

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

    # The office's data protection is not divided among units: a request has a handler, no unit.
    unit = None
    right = models.CharField(_("right exercised"), max_length=15, choices=Right.choices)
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
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""), name="dsr_completed_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True)
                | (~Q(extension_reason="") & Q(extension_notified_at__isnull=False)),
                name="dsr_extension_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_right_display()}"

    def get_absolute_url(self) -> str:
        return reverse("isms:dsr_detail", args=[self.pk])

    def permission_unit_id(self) -> None:
        """No unit: a request belongs to those who hold the GDPR permissions office-wide."""
        return None
