"""The inventory of information assets and the assets that support them (ISO/IEC 27001 A.5.9)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel
from magistrat.org.models import Unit

RATING_CHOICES = [(1, _("1 – low")), (2, _("2 – moderate")), (3, _("3 – high")), (4, _("4 – very high"))]


class AssetQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(retired=False)


class Asset(BaseModel):
    """An information asset (information, services) or a supporting asset (software … suppliers)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        SERVICE = "service", _("service")
        SOFTWARE = "software", _("software")
        HARDWARE = "hardware", _("hardware")
        NETWORK = "network", _("network")
        SITE = "site", _("site")
        PERSON = "person", _("people")
        SUPPLIER = "supplier", _("supplier")

    class Classification(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal use")
        CONFIDENTIAL = "confidential", _("confidential")
        RESTRICTED = "restricted", _("restricted (legally protected)")

    INFORMATION_KINDS = frozenset({Kind.INFORMATION, Kind.SERVICE})

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="isms_assets",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    classification = models.CharField(
        _("classification"), max_length=12, choices=Classification.choices, default=Classification.INTERNAL
    )
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"), choices=RATING_CHOICES)
    integrity = models.PositiveSmallIntegerField(_("integrity"), choices=RATING_CHOICES)
    availability = models.PositiveSmallIntegerField(_("availability"), choices=RATING_CHOICES)
    authenticity = models.PositiveSmallIntegerField(
        _("authenticity"), choices=RATING_CHOICES, null=True, blank=True
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, related_name="supports", blank=True, verbose_name=_("depends on")
    )
    review_due = models.DateField(_("next review"))
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    objects = AssetQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidentiality__range=(1, 4))
                & Q(integrity__range=(1, 4))
                & Q(availability__range=(1, 4))
                & (Q(authenticity__isnull=True) | Q(authenticity__range=(1, 4))),
                name="asset_ratings_in_range",
            ),
        ]
        indexes = [models.Index(fields=["kind", "code"]), models.Index(fields=["review_due"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_information(self) -> bool:
        return self.kind in self.INFORMATION_KINDS

    @property
    def value(self) -> int:
        """The highest of its ratings: how much harm losing any property of it would do."""
        return max(
            r for r in (self.confidentiality, self.integrity, self.availability, self.authenticity) if r
        )
