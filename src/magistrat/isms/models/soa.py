"""The Statement of Applicability (ISO/IEC 27001 clause 6.1.3 d), in approved versions.

A draft is generated from the data: every Annex A control with what the office applies for it,
the risks it treats and the evidence. The security officer justifies each control's inclusion or
exclusion and submits the draft; leadership approves it. An approved version is frozen (its
entries hold copies of the linked risks and evidence) and stays viewable after newer ones.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel
from magistrat.isms.models.reference import Catalogue, CatalogueEntry


class SoaVersion(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded")

    number = models.PositiveIntegerField(_("version"), unique=True)
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    scope = models.TextField(_("scope of the ISMS"), max_length=3000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approval_note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("statement of applicability")
        verbose_name_plural = _("statements of applicability")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "superseded"]) | Q(approved_at__isnull=False),
                name="soa_approved_has_date",
            ),
            # At most one approved version is in force.
            models.UniqueConstraint(fields=["state"], condition=Q(state="approved"), name="soa_one_approved"),
        ]

    def __str__(self) -> str:
        return f"SoA v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class SoaEntry(BaseModel):
    class Reason(models.TextChoices):
        RISK = "risk", _("risk treatment")
        LEGAL = "legal", _("legal requirement")
        CONTRACT = "contract", _("contractual requirement")
        BEST_PRACTICE = "best_practice", _("best practice")

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("not implemented")
        PARTIAL = "partial", _("partly implemented")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    version = models.ForeignKey(SoaVersion, on_delete=models.CASCADE, related_name="entries")
    control = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="+")
    applicable = models.BooleanField(_("applicable"), default=True)
    reasons = models.JSONField(_("reasons for inclusion"), default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True, max_length=3000)
    implementation = models.CharField(
        _("implementation"), max_length=15, choices=Implementation.choices, default=Implementation.NOT_STARTED
    )
    owners = models.CharField(_("owner"), max_length=300, blank=True)
    # Copied from the data when the draft is generated or refreshed; frozen once approved.
    applied_controls = models.JSONField(default=list)
    linked_risks = models.JSONField(default=list)
    linked_evidence = models.JSONField(default=list)

    class Meta:
        verbose_name = _("SoA entry")
        verbose_name_plural = _("SoA entries")
        ordering = ["version", "control__position"]
        constraints = [models.UniqueConstraint(fields=["version", "control"], name="soa_entry_unique")]

    def __str__(self) -> str:
        return f"{self.version} {self.control.ref}"

    @property
    def risk_codes(self) -> str:
        return ", ".join(risk["code"] for risk in self.linked_risks)

    def reason_labels(self) -> list[str]:
        labels = dict(self.Reason.choices)
        return [str(labels[r]) for r in self.reasons if r in labels]
