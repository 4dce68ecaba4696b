"""The mayor's orders and the register of external documents (ISO 9001 7.5.3.2).

A mayor's order (zarządzenie wójta/burmistrza/prezydenta) is a signed legal act: it is not sent
through approval, it is recorded as signed, with its number, signatory, date in force and the
order that repealed it. External documents (laws, standards, guidance of supervising bodies) are
registered with who keeps track of their changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel
from magistrat.quality.models.documents import archive_category_validator, jrwa_validator


class MayorOrder(BaseModel):
    number = models.CharField(_("number"), max_length=30, unique=True, help_text=_("e.g. 12/2026"))
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed"))
    signatory = models.CharField(_("signatory"), max_length=150)
    in_force_from = models.DateField(_("in force from"))
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("repealed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeals",
    )
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    jrwa_symbol = models.CharField(
        _("JRWA class symbol"), max_length=4, default="0050", validators=[jrwa_validator]
    )
    archive_category = models.CharField(
        _("archive category"), max_length=4, default="A", validators=[archive_category_validator]
    )
    file = models.FileField(upload_to="quality/orders/%Y/", blank=True)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mayor's order")
        verbose_name_plural = _("mayor's orders")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_force_from__gte=models.F("signed_on")),
                name="quality_order_in_force_after_signing",
                violation_error_message=_("An order cannot be in force before it is signed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quality:order_detail", args=[self.pk])

    def permission_unit_id(self) -> None:
        return None  # an order binds the whole office


class ExternalDocument(BaseModel):
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=200)
    reference = models.CharField(_("reference"), max_length=200, help_text=_("e.g. Dz.U. 2024 poz. 572"))
    edition = models.CharField(_("edition or version"), max_length=100, blank=True)
    url = models.URLField(_("where to find it"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tracked by"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    next_review_on = models.DateField(_("check for changes by"), null=True, blank=True)
    withdrawn = models.BooleanField(_("no longer used"), default=False)

    class Meta:
        verbose_name = _("external document")
        verbose_name_plural = _("external documents")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
