"""The office's processes and their interactions (ISO 9001 4.4, 8.1; ISO 18091 reads them as the
office's management, core — the services to residents — and support processes).

A process has an owner and the units that run it, its inputs and outputs with their suppliers and
customers, the catalogue services it delivers, its KPIs, documents and risks; interactions are
links between processes naming what flows. The process map draws them (quality/process_map.py).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel

code_validator = RegexValidator(
    r"^[A-Z]{1,3}-?\d{1,3}$", _("A process code is letters and a number, e.g. P-01.")
)


class Process(BaseModel):
    class Category(models.TextChoices):
        MANAGEMENT = "management", _("management process")
        CORE = "core", _("core process (services to residents)")
        SUPPORT = "support", _("support process")

    code = models.CharField(_("code"), max_length=7, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("kind"), max_length=12, choices=Category.choices)
    purpose = models.TextField(_("purpose"), max_length=3000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_processes",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("leading unit"), on_delete=models.PROTECT, related_name="quality_processes"
    )
    other_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("other units taking part"), blank=True, related_name="+"
    )
    inputs = models.TextField(_("inputs"), max_length=3000)
    outputs = models.TextField(_("outputs"), max_length=3000)
    suppliers = models.TextField(_("suppliers"), max_length=2000, blank=True)
    customers = models.TextField(_("customers"), max_length=2000, blank=True)
    services = models.ManyToManyField(
        "services.Service", verbose_name=_("catalogue services delivered"), blank=True, related_name="+"
    )
    kpis = models.ManyToManyField("performance.Kpi", verbose_name=_("KPIs"), blank=True, related_name="+")
    documents = models.ManyToManyField(
        "quality.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcessLink(BaseModel):
    """An interaction: what one process hands to another."""

    source = models.ForeignKey(
        Process, verbose_name=_("from"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        Process, verbose_name=_("to"), on_delete=models.CASCADE, related_name="links_in"
    )
    flow = models.CharField(_("what flows"), max_length=200)

    class Meta:
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        ordering = ["source__code", "target__code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="process_link_once"),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="process_link_not_to_itself",
                violation_error_message=_("A process does not interact with itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}: {self.flow}"
