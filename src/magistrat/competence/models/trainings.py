"""Trainings from needs to effect (issue 14, ISO 10015): needs → the yearly plan with its budget →
trainings and enrolments → attendance, completion and certificates → effect on Kirkpatrick's four
levels; training leave (Kodeks pracy art. 103^1–103^6)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magistrat.core.models import BaseModel
from magistrat.org.models import Staff, Unit

from .framework import Competence


class TrainingPlan(BaseModel):
    """The office's training plan for a year (u.p.s. art. 29: training is funded in the financial
    plan): its needs are the items, its budget is set per unit; approved by the HR officer."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Training plan %(year)s") % {"year": self.year})


class UnitBudget(BaseModel):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="budgets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("budget (PLN)"), validators=[MinValueValidator(Decimal(0))], max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("unit's training budget")
        verbose_name_plural = _("units' training budgets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="training_budget_one_per_unit"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="training_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.unit.code}: {self.amount}"


class Training(BaseModel):
    class Provider(models.TextChoices):
        INTERNAL = "internal", _("internal")
        EXTERNAL = "external", _("external")

    class Form(models.TextChoices):
        CLASSROOM = "classroom", _("classroom")
        WORKSHOP = "workshop", _("workshop")
        ELEARNING = "elearning", _("e-learning")
        WEBINAR = "webinar", _("webinar")
        CONFERENCE = "conference", _("conference")
        STUDIES = "studies", _("studies")

    title = models.CharField(_("title"), max_length=200)
    provider_kind = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    provider = models.CharField(_("provider's name"), max_length=200, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    cost = models.DecimalField(_("cost (PLN)"), default=Decimal(0), max_digits=12, decimal_places=2)
    capacity = models.PositiveSmallIntegerField(_("places"))
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences it develops"), blank=True, related_name="trainings"
    )
    # A code of competence/data/mandatory_trainings.yaml: completing it fulfils that rule.
    mandatory_code = models.CharField(_("mandatory training"), max_length=40, blank=True)
    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )
    # Kirkpatrick level 3: the superior judges behaviour so many months after the end.
    behaviour_after_months = models.PositiveSmallIntegerField(_("behaviour assessed after (months)"))
    # Kirkpatrick level 4: a KPI source of the performance registry measured before and after.
    kpi_code = models.CharField(_("KPI it should move"), max_length=80, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_dates_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(condition=Q(cost__gte=0) & Q(hours__gt=0), name="training_cost_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"


class TrainingNeed(BaseModel):
    """One need, an item of a year's plan: who, what (a competence, or described), where it came
    from, and its cost planned and actually spent."""

    class Source(models.TextChoices):
        GAP = "gap", _("competence gap")
        ASSESSMENT = "assessment", _("periodic assessment")
        PERSON = "person", _("the employee")
        SUPERIOR = "superior", _("the superior")
        HR = "hr", _("HR")
        DOCUMENT = "document", _("new or changed document")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        PLANNED = "planned", _("training assigned")
        MET = "met", _("met")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="needs"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="training_needs"
    )
    # The person's primary unit when the need was raised: the budget and the view scope read it.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    description = models.TextField(_("what is needed"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    assessment = models.ForeignKey(
        "competence.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The controlled document's version that took effect, for a need of the positions it addresses.
    document_version = models.ForeignKey(
        "quality.DocumentVersion",
        verbose_name=_("document version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_cost = models.DecimalField(
        _("planned cost (PLN)"), default=Decimal(0), max_digits=12, decimal_places=2
    )
    actual_cost = models.DecimalField(
        _("actual cost (PLN)"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        ordering = ["unit__code", "staff__user__last_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_cost__gte=0), name="training_need_planned_cost"),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0),
                name="training_need_actual_cost",
            ),
            models.UniqueConstraint(
                fields=["staff", "document_version"],
                condition=Q(document_version__isnull=False),
                name="training_need_one_per_document_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.competence or self.description[:60]}"


class Enrolment(BaseModel):
    """A person on a training, with attendance, completion and the effect on Kirkpatrick's levels
    1 (reaction), 2 (learning: pre/post test) and 3 (behaviour judged by the superior)."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        ATTENDED = "attended", _("attended")
        ABSENT = "absent", _("absent")
        COMPLETED = "completed", _("completed")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="enrolments"
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="enrolments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ENROLLED)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    reaction_rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reaction_comment = models.TextField(_("comment"), blank=True)
    pre_score = models.PositiveSmallIntegerField(_("test before (%)"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("test after (%)"), null=True, blank=True)
    behaviour_rating = models.PositiveSmallIntegerField(_("behaviour at work"), null=True, blank=True)
    behaviour_comment = models.TextField(_("superior's comment"), blank=True)
    behaviour_on = models.DateField(_("behaviour assessed on"), null=True, blank=True)
    behaviour_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["staff__user__last_name", "staff__user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "staff"], name="training_enrolled_once"),
            models.CheckConstraint(
                condition=Q(reaction_rating__isnull=True) | Q(reaction_rating__gte=1, reaction_rating__lte=5),
                name="training_reaction_1_5",
            ),
            models.CheckConstraint(
                condition=Q(behaviour_rating__isnull=True)
                | Q(behaviour_rating__gte=1, behaviour_rating__lte=5),
                name="training_behaviour_1_5",
            ),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__lte=100))
                & (Q(post_score__isnull=True) | Q(post_score__lte=100)),
                name="training_scores_0_100",
            ),
        ]
        indexes = [models.Index(fields=["staff", "state"], name="enrolment_staff_state")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.training}"


class Certificate(BaseModel):
    """A certificate of a completed training, uploaded as a checked file (`core.uploads`), with its
    issue date and, where it expires, its validity."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    staff = models.ForeignKey(
        Staff, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(upload_to="competence/certificates/%Y/")
    filename = models.CharField(_("file"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.enrolment.training.title} ({self.issued_on:%Y-%m-%d})"

    def permission_unit_id(self) -> int | None:
        return self.enrolment.unit_id


class TrainingLeave(BaseModel):
    """Days of training leave (urlop szkoleniowy) granted to a person the employer directed to
    study (Kodeks pracy art. 103^1 § 1, art. 103^2), with the statutory maxima as data."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="training_leaves"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("purpose"), max_length=20)  # a kind of competence/data/training_leave.yaml
    starts_on = models.DateField(_("from"))
    days = models.PositiveSmallIntegerField(_("working days"))
    study = models.CharField(_("studies or examination"), max_length=200)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training leave")
        verbose_name_plural = _("training leaves")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1), name="training_leave_days_positive")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.days} ({self.starts_on:%Y-%m-%d})"
