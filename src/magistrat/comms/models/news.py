"""News and announcements (aktualności i komunikaty): the newsroom's working copy and its workflow.

draft → submitted → approved (by a communications approver who is not the author) → published (at
`publish_at` by the scheduled job, or at once) → expired (at `expire_at`) or withdrawn. A returned
item goes back to draft with the approver's comment. Crisis messages are published at once from an
approved template by a duty officer and confirmed by an approver afterwards (`crisis_confirmed_by`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import AuditedQuerySet, BaseModel


class Category(BaseModel):
    """A topic of the news (data, edited by the approvers)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(BaseModel):
    """A district or neighbourhood of the municipality (dzielnica, osiedle), seeded from YAML."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsQuerySet(AuditedQuerySet):
    def public(self, now=None):
        """What residents see: published, not past its expiry."""
        now = now or timezone.now()
        return self.filter(state=NewsItem.State.PUBLISHED, published_at__lte=now).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )


class NewsItem(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two sentences shown in lists."))
    body = models.TextField(_("text"), blank=True)
    social_text = models.TextField(
        _("text for social media"),
        max_length=1000,
        blank=True,
        help_text=_("Optional: a shorter text for the channels; without it the title and lead are sent."),
    )
    channel_texts = models.JSONField(_("texts adapted per channel"), default=dict, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="news"
    )
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True, related_name="news")
    bip_items = models.ManyToManyField("bip.Item", verbose_name=_("BIP items"), blank=True, related_name="+")
    services = models.ManyToManyField(
        "services.Service", verbose_name=_("services"), blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expire at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_comment = models.TextField(_("returned with"), blank=True)
    is_crisis = models.BooleanField(_("crisis message"), default=False)
    crisis_template = models.ForeignKey(
        "comms.CrisisTemplate", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    crisis_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    crisis_confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = NewsQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "published_at"], name="comms_news_state_pub")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="comms_news_expires_after_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("comms:news_detail", args=[self.pk])

    def public_path(self) -> str:
        from django.urls import reverse

        return reverse("comms_public:item", args=[self.pk])

    @property
    def awaits_crisis_confirmation(self) -> bool:
        return self.is_crisis and self.crisis_confirmed_by_id is None


class NewsImage(BaseModel):
    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="comms/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=1000,
        help_text=_("What the picture shows, for people who cannot see it (required)."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(alt_text=""), name="comms_image_alt_required")]

    def __str__(self) -> str:
        return self.alt_text[:60]

    def read(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()


class NewsSearchTerm(models.Model):
    """The stems of a public news item, weighted as the BIP weights its items (`bip.search`)."""

    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=60)
    weight = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "news"], name="comms_search_term_news")]
        indexes = [models.Index(fields=["term", "-weight"], name="comms_search_rank")]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight})"
