"""Petitions (ustawa o petycjach z 11 lipca 2014 r.)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.models import Case, ExtendedOnce
from magistrat.core.models import BaseModel
from magistrat.registers.models.info_requests import REQUESTS


class Petition(ExtendedOnce, Case):
    """A petition: published on the BIP as soon as it is registered (art. 8), dealt with within 3
    months of filing (art. 10), summarised yearly by 30 June (art. 14)."""

    number_register = "petitions"
    intake_register = "petitions"
    case_permissions = REQUESTS  # the BIP approver's register, like requests for public information
    reply_period = "petition_reply"
    extension_limit = "petition_extension"

    class Addressee(models.TextChoices):
        MAYOR = "mayor", _("mayor (president of the city)")
        COUNCIL = "council", _("city council")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("not accepted")
        UNCONSIDERED = "unconsidered", _("left without consideration (art. 7)")
        FORWARDED = "forwarded", _("forwarded to the competent body (art. 6)")

    # Art. 10 ust. 1: the three months run from the day the petition is filed (złożenie).
    received_at = models.DateTimeField(_("filed"))
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
    # Art. 10 ust. 2: the petitioner is told of an extension with its reasons, in the course of the
    # case published on the BIP (a PetitionUpdate), so no separate notice date is kept.
    extension_notified_at = None
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("how the petition was dealt with"), blank=True, max_length=10_000)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at"]
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

    def get_absolute_url(self) -> str:
        return reverse("registers:petition_detail", args=[self.pk])

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
