"""The nonconformity register (ISO 9001 8.7, 10.2): one record whatever revealed the problem — a
justified complaint, a significant drop in satisfaction, a security incident, a staff member's
report, later audit findings and late statutory replies (`quality/sources.py`).

new → analysed (correction and root cause) → actions planned → effectiveness check → closed;
a staff report that is not a nonconformity is dismissed with the reason. A check that finds the
actions not effective sends the record back to analysed for new actions.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.quality.sources import Proposal

# The six categories of an Ishikawa (cause-and-effect) diagram.
ISHIKAWA = {
    "people": _("people"),
    "methods": _("methods"),
    "equipment": _("equipment"),
    "materials": _("materials"),
    "measurement": _("measurement"),
    "environment": _("environment"),
}


class NonconformityQuerySet(AuditedQuerySet):
    def open(self):
        return self.exclude(state__in=(Nonconformity.State.CLOSED, Nonconformity.State.DISMISSED))

    def linked_to(self, obj):
        return self.filter(linked_type=ContentType.objects.get_for_model(obj), linked_id=obj.pk)


class Nonconformity(BaseModel):
    class State(models.TextChoices):
        NEW = "new", _("new")
        ANALYSED = "analysed", _("analysed")
        PLANNED = "planned", _("actions planned")
        CHECK = "check", _("effectiveness check")
        CLOSED = "closed", _("closed")
        DISMISSED = "dismissed", _("dismissed")

    number_register = "quality-nc"  # its key in core.numbering; the filing symbol is office configuration

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    source = models.CharField(_("source"), max_length=40)
    linked_type = models.ForeignKey(
        ContentType, verbose_name=_("linked record type"), on_delete=models.PROTECT, null=True, blank=True
    )
    linked_id = models.PositiveBigIntegerField(_("linked record id"), null=True, blank=True)
    linked_label = models.CharField(_("linked record"), max_length=300, blank=True)
    trigger = models.JSONField(_("figures that triggered it"), default=dict, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    detected_on = models.DateField(_("detected"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    correction = models.TextField(_("immediate correction"), max_length=5000, blank=True)
    whys = models.JSONField(_("5 whys"), default=list, blank=True)  # [{"why": …, "because": …}, …]
    causes = models.JSONField(_("Ishikawa causes"), default=dict, blank=True)  # {category: text}
    root_cause = models.TextField(_("root cause"), max_length=5000, blank=True)
    similar_elsewhere = models.TextField(
        _("similar nonconformities elsewhere?"), max_length=5000, blank=True, help_text=_("ISO 9001 10.2.1 b")
    )
    risk_updates = models.TextField(_("updates to risks and opportunities"), max_length=5000, blank=True)
    qms_updates = models.TextField(_("changes to the management system"), max_length=5000, blank=True)
    dismissed_reason = models.TextField(_("why it is not a nonconformity"), max_length=3000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), max_length=3000, blank=True)

    objects = NonconformityQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-detected_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "detected_on"], name="quality_nc_state_detected"),
            models.Index(fields=["linked_type", "linked_id"], name="quality_nc_linked"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quality:nc_detail", args=[self.pk])

    @property
    def source_label(self) -> str:
        from magistrat.quality.sources import source

        entry = source(self.source)
        return str(entry.label) if entry else self.source

    @property
    def linked_object(self):
        if self.linked_type_id is None or self.linked_id is None:
            return None
        return self.linked_type.get_object_for_this_type(pk=self.linked_id)

    @property
    def linked_url(self) -> str:
        from magistrat.quality.sources import linked_url

        obj = self.linked_object if self.linked_type_id else None
        return linked_url(self.source, obj) if obj is not None else ""

    def ishikawa(self) -> list[tuple[str, str]]:
        return [
            (str(label), self.causes.get(key, "")) for key, label in ISHIKAWA.items() if self.causes.get(key)
        ]


class EffectivenessCheck(BaseModel):
    """One check of whether the corrective actions worked (ISO 9001 10.2.1 d): due a set period after
    the last action is done; the source re-measures, proposes, and a person decides."""

    class Verdict(models.TextChoices):
        EFFECTIVE = "effective", _("effective")
        NOT_EFFECTIVE = "not_effective", _("not effective")

    nonconformity = models.ForeignKey(
        Nonconformity, verbose_name=_("nonconformity"), on_delete=models.CASCADE, related_name="checks"
    )
    actions_done_on = models.DateField(_("actions done"))
    due_on = models.DateField(_("check due"))
    measured_at = models.DateTimeField(_("measured"), null=True, blank=True)
    proposal = models.CharField(_("proposal"), max_length=15, choices=Proposal.choices, blank=True)
    summary = models.TextField(_("measurement"), max_length=3000, blank=True)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    verdict = models.CharField(_("decision"), max_length=15, choices=Verdict.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("reasons"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        ordering = ["nonconformity", "pk"]

    def __str__(self) -> str:
        return f"{self.nonconformity.number} ({self.due_on})"

    def permission_unit_id(self) -> int:
        return self.nonconformity.unit_id
