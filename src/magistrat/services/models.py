"""The service catalogue (karty usług): what residents can get done, where, with what, how fast."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Period
from magistrat.core.models import BaseModel
from magistrat.org.models import Unit


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ELECTRONIC = "electronic", _("electronically (ePUAP, mObywatel)")
    POST = "post", _("by post")


def validate_period(value: str) -> None:
    if value:
        try:
            Period.parse(value)
        except ValueError as exc:
            raise ValidationError(_("Write a period such as 14d, 1m or 5wd.")) from exc


class Service(BaseModel):
    """A service card; its content lives in versions, the newest of which is public."""

    slug = models.SlugField(
        _("address (slug)"),
        max_length=100,
        unique=True,
        help_text=_("Part of the public address; it never changes."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="services"
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["slug"]

    def __str__(self) -> str:
        version = self.current
        return version.name if version else self.slug

    @property
    def current(self) -> "ServiceVersion | None":
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


class ServiceVersion(models.Model):
    """One immutable wording of a service card. Editing a card adds a version with a reason."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is for"))
    legal_basis = models.TextField(_("legal basis"))
    required_documents = models.TextField(_("required documents"))
    fees = models.TextField(_("fees"), blank=True)
    handling_time = models.CharField(_("handling time"), max_length=200)
    statutory_period = models.CharField(
        _("statutory period"),
        max_length=10,
        blank=True,
        validators=[validate_period],
        help_text=_("For the deadline engine, e.g. 1m or 30d; blank if none."),
    )
    channels = models.JSONField(_("channels"), default=list)
    location = models.CharField(_("where to go"), max_length=300)
    opening_hours = models.CharField(_("opening hours"), max_length=300)
    change_note = models.CharField(_("what changed and why"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    CONTENT_FIELDS = (
        "name",
        "description",
        "legal_basis",
        "required_documents",
        "fees",
        "handling_time",
        "statutory_period",
        "channels",
        "location",
        "opening_hours",
    )

    class Meta:
        verbose_name = _("service card version")
        verbose_name_plural = _("service card versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="serviceversion_unique")]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Service card versions are immutable: add a new version.")
        super().save(*args, **kwargs)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]
