"""Service points, surveys (versioned), kiosk devices and residents' ratings."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel
from magistrat.core.reference import content_hash, localized
from magistrat.org.models import Staff, Unit

point_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$", _("Use capitals, digits and hyphens (e.g. A-S07).")
)


class ServicePoint(BaseModel):
    """A place residents are served and rate: a hall, a desk, a hall exit. Its code never changes."""

    class Kind(models.TextChoices):
        DESK = "desk", _("desk")
        HALL = "hall", _("hall")
        EXIT = "exit", _("hall exit")

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[point_code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DESK)
    building = models.CharField(_("building"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="service_points"
    )
    staffed_by = models.ForeignKey(
        Staff,
        verbose_name=_("staffed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survey = models.ForeignKey("Survey", verbose_name=_("survey"), on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SatisfactionTarget(BaseModel):
    """A unit's target share of satisfied residents; the dashboard's traffic light and alerts use it."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="satisfaction_target"
    )
    target_percent = models.PositiveSmallIntegerField(_("target share of satisfied residents (%)"))

    class Meta:
        verbose_name = _("satisfaction target")
        verbose_name_plural = _("satisfaction targets")
        constraints = [
            models.CheckConstraint(condition=Q(target_percent__lte=100), name="target_percent_max_100")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.target_percent}%"


class Survey(BaseModel):
    slug = models.SlugField(unique=True)
    name = models.JSONField(default=dict)  # {"pl": …, "en": …}

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return localized(self.name)

    def current_version(self) -> "SurveyVersion":
        return self.versions.latest("number")


class SurveyVersion(models.Model):
    """One immutable wording of a survey; every response keeps the version it answered."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.JSONField(default=dict)  # the survey's title in this version, {"pl": …, "en": …}
    questions = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_note = models.CharField(max_length=300, blank=True)  # why; empty for versions loaded from data

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveyversion_unique")]

    def __str__(self) -> str:
        return f"{self.survey.slug} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Survey versions are immutable: load a new version instead.")
        super().save(*args, **kwargs)

    @staticmethod
    def hash_of(questions) -> str:
        return content_hash(questions)


class KioskDevice(BaseModel):
    """A registered tablet. Its token is shown once when issued; only its hash is stored."""

    name = models.CharField(_("name"), max_length=100)
    point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="devices"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    audit_exclude = BaseModel.audit_exclude | {"token_hash"}

    class Meta:
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self) -> str:
        return f"{self.name} ({self.point.code})"


class KioskPairing(BaseModel):
    """A one-time code that pairs a tablet with a service point, instead of typing a device token.

    Staff show it as a link with a QR code (`/kiosk/?pair=<code>`) and as a short code to type.
    It is valid for a few minutes and once; only its hash is stored. Using it registers a
    `KioskDevice` and hands its token to the tablet."""

    point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.CASCADE, related_name="pairings"
    )
    name = models.CharField(_("name"), max_length=100)  # of the device it will register
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    device = models.OneToOneField(
        KioskDevice, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairing"
    )

    audit_exclude = BaseModel.audit_exclude | {"code_hash"}

    class Meta:
        verbose_name = _("kiosk pairing code")
        verbose_name_plural = _("kiosk pairing codes")

    def __str__(self) -> str:
        return f"{self.name} ({self.point.code})"


class SurveyToken(models.Model):
    """A one-time link to the post-case survey, issued for a closed case by the case system.

    It carries no personal data: only the unit that handled the case and the case system's own
    reference. Only the hash of the token is stored.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_reference = models.CharField(max_length=100, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"{self.survey.slug} {self.case_reference}"


class Response(models.Model):
    """One resident's answers. Anonymous by design; not a BaseModel: ratings arrive by the
    thousand and are facts, not edits, so they are not written to the audit trail one by one
    (exclusions from statistics are)."""

    class Channel(models.TextChoices):
        KIOSK = "kiosk", _("kiosk (self-selected)")
        QR = "qr", _("QR code / short link")
        POST_CASE = "post_case", _("after the case")

    client_id = models.UUIDField(unique=True)  # made by the device: a resent response is stored once
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    device = models.ForeignKey(KioskDevice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField()
    csat = models.PositiveSmallIntegerField(null=True, blank=True)
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    ces = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    flagged = models.BooleanField(default=False)
    flag_reason = models.CharField(max_length=200, blank=True)
    excluded = models.BooleanField(default=False)
    exclusion_reason = models.CharField(max_length=300, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="response_csat"
            ),
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__lte=10), name="response_nps"),
            models.CheckConstraint(
                condition=Q(ces__isnull=True) | Q(ces__gte=1, ces__lte=7), name="response_ces"
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(exclusion_reason=""), name="response_excl_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["submitted_at"]),
            models.Index(fields=["point", "submitted_at"]),
            models.Index(fields=["unit", "submitted_at"]),
            # the comment stream: a few per cent of ratings carry a comment
            models.Index(fields=["submitted_at"], condition=~Q(comment=""), name="response_commented"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.csat}"


# Daily pre-aggregates (rollups) behind the dashboard: see feedback/rollups.py. They hold only
# ratings not excluded from statistics, per local (Warsaw) day; a day whose ratings changed after
# it was aggregated is marked dirty and read from the ratings themselves until it is rebuilt.


class Measures(models.Model):
    """Counts that add up: a rollup row of any shape carries these."""

    day = models.DateField()
    unit = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    n = models.PositiveIntegerField(default=0)  # ratings with a CSAT score
    satisfied = models.PositiveIntegerField(default=0)  # CSAT 4 or 5
    dissatisfied = models.PositiveIntegerField(default=0)  # CSAT 1 or 2
    csat_sum = models.PositiveIntegerField(default=0)
    nps_n = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)  # NPS 9–10
    detractors = models.PositiveIntegerField(default=0)  # NPS 0–6

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.channel}: {self.satisfied}/{self.n}"


class RatingDay(Measures):
    point = models.ForeignKey(ServicePoint, null=True, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("services.Service", null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["day", "unit"])]


class RatingSlot(Measures):
    """By hour of the day, for the weekday × hour heatmap."""

    weekday = models.PositiveSmallIntegerField()  # ISO: 1 = Monday
    hour = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "unit"])]


class RatingReason(Measures):
    """By reason tag chosen (a rating with two tags counts under each); the row with the reason
    `rollups.ANY_REASON` counts each rating that gave at least one reason once."""

    reason = models.CharField(max_length=50)

    class Meta:
        indexes = [models.Index(fields=["day", "unit"])]


class RollupState(models.Model):
    """One row: the last day the rollups were built through."""

    built_through = models.DateField(null=True)

    def __str__(self) -> str:
        return f"built through {self.built_through}"


class DirtyDay(models.Model):
    """A day whose ratings changed after its rollup was built (a late offline rating, an exclusion).

    `generation` grows with every change, so a rebuild clears the mark only if nothing changed
    while it ran."""

    day = models.DateField(unique=True)
    generation = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.day} ({self.generation})"
