"""The channel outbox and crisis templates.

Publishing a news item writes one `Delivery` per enabled channel in the same transaction (the
transactional outbox): the worker delivers each with retries and exponential backoff and stores the
remote id and address. A delivery carries what makes a retry safe: the Mastodon idempotency key, the
Bluesky record key (rkey) and the time of the first attempt.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel


def _rkey() -> str:
    # A record key in the TID-like alphabet Bluesky accepts (13 characters of base32-sortable).
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(13))


class Delivery(BaseModel):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed (will retry)")
        GAVE_UP = "gave_up", _("gave up")
        WITHDRAWN = "withdrawn", _("withdrawn")

    news = models.ForeignKey("comms.NewsItem", on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    remote_id = models.CharField(_("remote id"), max_length=200, blank=True)
    remote_url = models.URLField(_("address"), max_length=500, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    rkey = models.CharField(max_length=20, default=_rkey, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["news", "channel"], name="comms_delivery_once_per_channel")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="comms_delivery_due")]

    def __str__(self) -> str:
        return f"{self.news_id}:{self.channel}"

    def permission_unit_id(self) -> int | None:
        return self.news.unit_id


class CrisisTemplate(BaseModel):
    """A pre-approved crisis message (e.g. a water supply failure) that a duty officer sends at once."""

    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), max_length=600)
    body = models.TextField(_("text"), blank=True)
    social_text = models.TextField(_("text for social media"), max_length=280, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("crisis template")
        verbose_name_plural = _("crisis templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def usable(self) -> bool:
        return self.approved_by_id is not None
