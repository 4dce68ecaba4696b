"""The context of the office and its quality policy (ISO 9001 4.1–4.3, 5.2).

Issues (4.1, internal and external, with the climate-change determination Amendment 1:2024 added)
and interested parties with their requirements (4.2) are kept as live records; a *context review*
freezes them with the QMS scope (4.3) into a numbered, hashed version with its next review date.
The quality policy is versioned: drafted by the quality manager, approved by leadership (never by
its author), published on the BIP and shown to every member of staff.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel


class ContextIssue(BaseModel):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal")
        EXTERNAL = "external", _("external")

    class Category(models.TextChoices):
        POLITICAL = "political", _("political and legal")
        ECONOMIC = "economic", _("economic and financial")
        SOCIAL = "social", _("social and demographic")
        TECHNOLOGICAL = "technological", _("technological")
        ENVIRONMENTAL = "environmental", _("environmental and climate")
        ORGANISATIONAL = "organisational", _("organisational and staff")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    climate_related = models.BooleanField(
        _("related to climate change"),
        default=False,
        help_text=_("ISO 9001 4.1 (Amendment 1:2024): whether climate change bears on this issue."),
    )
    active = models.BooleanField(_("active"), default=True)
    review_on = models.DateField(_("review by"))

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["kind", "category", "title"]

    def __str__(self) -> str:
        return self.title


class InterestedParty(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    requirements = models.TextField(_("needs and expectations"), max_length=5000)
    monitoring = models.TextField(_("how we follow them"), max_length=3000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    review_on = models.DateField(_("review by"))

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContextReview(BaseModel):
    """A frozen version of the context: issues, parties and scope as reviewed on a day."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    scope = models.TextField(_("scope of the quality management system"), max_length=5000)
    exclusions = models.TextField(
        _("requirements not applicable, with the reason"), max_length=5000, blank=True
    )
    climate_relevant = models.BooleanField(_("climate change is a relevant issue"))
    climate_reason = models.TextField(_("why (climate change)"), max_length=3000)
    snapshot = models.JSONField(_("issues and parties reviewed"), default=dict)
    content_hash = models.CharField(_("SHA-256 of the version"), max_length=64)
    next_review_on = models.DateField(_("next review by"))

    class Meta:
        verbose_name = _("context review")
        verbose_name_plural = _("context reviews")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("reviewed_on")),
                name="context_review_next_after_this",
                violation_error_message=_("The next review must come after this one."),
            )
        ]

    def __str__(self) -> str:
        return _("Context, version %(version)d") % {"version": self.version}


class PolicyVersion(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CURRENT = "current", _("in force")
        SUPERSEDED = "superseded", _("superseded")

    number = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text of the policy"), max_length=20_000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    review_on = models.DateField(_("review by"))

    class Meta:
        verbose_name = _("quality policy version")
        verbose_name_plural = _("quality policy versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="current"), name="quality_policy_one_current"
            ),
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="draft"), name="quality_policy_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="quality_policy_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return _("Quality policy, version %(number)d") % {"number": self.number}

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]
