"""Reads of the trainings, narrowed by permission (`core.permissions.unit_scope`): holders of
`competence.view_competence` see their units' people (HR and leadership the office), a superior
their direct reports, everyone their own."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from magistrat.competence import mandatory, training_policy
from magistrat.competence.models import (
    Certificate,
    Enrolment,
    Training,
    TrainingLeave,
    TrainingNeed,
    TrainingPlan,
)
from magistrat.competence.schedule import direct_reports
from magistrat.core.permissions import get_for, unit_scope
from magistrat.org.models import Membership, Staff, Unit

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


def _people_filter(user, *, staff="staff", unit="unit_id") -> Q | None:
    """None: everyone (office-wide); else the user's units, their reports and themselves."""
    scope = unit_scope(user, VIEW)
    if scope is None:
        return None
    reports = [s.pk for s in direct_reports(user)]
    return Q(**{f"{unit}__in": scope}) | Q(**{f"{staff}__user": user}) | Q(**{f"{staff}_id__in": reports})


def _narrow(queryset, user):
    condition = _people_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def training_list(*, year: int | None = None, query: str = ""):
    trainings = Training.objects.annotate(
        taken=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.ABSENT))
    ).order_by("-starts_on", "-pk")
    if year:
        trainings = trainings.filter(starts_on__year=year)
    if query:
        trainings = trainings.filter(Q(title__icontains=query) | Q(provider__icontains=query))
    return trainings


def training_get(*, user, pk: int) -> Training:
    return get_for(user, VIEW, Training.objects.all(), pk=pk)


def training_enrolments(*, user, training: Training):
    enrolments = training.enrolments.select_related(
        "staff__user", "staff__position", "unit"
    ).prefetch_related("certificates")
    return _narrow(enrolments, user)


def enrolment_get(*, user, pk: int, perm: str = VIEW) -> Enrolment:
    return get_for(
        user, perm, Enrolment.objects.select_related("training", "staff__user", "staff__position"), pk=pk
    )


def certificate_get(*, user, pk: int) -> Certificate:
    return get_for(
        user, VIEW, Certificate.objects.select_related("enrolment__staff", "enrolment__training"), pk=pk
    )


def my_enrolments(*, user):
    return (
        Enrolment.objects.filter(staff__user=user)
        .select_related("training", "staff")
        .prefetch_related("certificates")
        .order_by("-training__starts_on")
    )


def report_enrolments_to_assess(
    *, user, today: date | None = None, reports: list[Staff] | None = None
) -> list[Enrolment]:
    """Completed trainings of the user's direct reports whose behaviour (Kirkpatrick 3) is due
    (`reports`: the user's direct reports, when the caller has read them already)."""
    from magistrat.competence.services.trainings import behaviour_due_on

    today = today or timezone.localdate()
    by_pk = {s.pk: s for s in (direct_reports(user) if reports is None else reports)}
    if not by_pk:
        return []
    candidates = Enrolment.objects.filter(
        staff_id__in=list(by_pk), state=Enrolment.State.COMPLETED, behaviour_rating__isnull=True
    ).prefetch_related("training")  # the reports' trainings read once, not with each enrolment
    found = []
    for enrolment in candidates:
        enrolment.staff = by_pk[enrolment.staff_id]  # read already, with the user
        if (due := behaviour_due_on(enrolment)) is not None and due <= today:
            found.append(enrolment)
    return found


def plan_get(*, year: int) -> TrainingPlan | None:
    return TrainingPlan.objects.filter(year=year).select_related("approved_by").first()


def needs_list(*, user, year: int, state: str = "", unit: int | None = None):
    needs = TrainingNeed.objects.filter(plan__year=year).select_related(
        "staff__user", "unit", "competence", "training", "raised_by"
    )
    needs = _narrow(needs, user)
    if state:
        needs = needs.filter(state=state)
    if unit:
        needs = needs.filter(unit_id=unit)
    return needs


def leave_list(*, user):
    return _narrow(TrainingLeave.objects.select_related("staff__user", "unit", "granted_by"), user)


def expiring_certificates(*, within_days: int | None = None, today: date | None = None):
    today = today or timezone.localdate()
    days = within_days if within_days is not None else training_policy.value("certificate_warn_days")
    return (
        Certificate.objects.filter(valid_until__isnull=False, valid_until__lte=today + timedelta(days=days))
        .select_related("staff__user", "enrolment__training")
        .order_by("valid_until")
    )


def not_renewed(certificates):
    """The certificates not yet renewed: without a later certificate of the same person for a
    training with the same mandatory code or, without one, the same title. Filtered in the
    database, so that a list cut to its first ones is not filled with renewed certificates."""
    later = Certificate.objects.filter(staff_id=OuterRef("staff_id"), issued_on__gt=OuterRef("issued_on"))
    same_rule = later.filter(
        enrolment__training__mandatory_code=OuterRef("enrolment__training__mandatory_code")
    )
    same_title = later.filter(enrolment__training__title=OuterRef("enrolment__training__title"))
    coded = Q(enrolment__training__mandatory_code="")
    return certificates.exclude((~coded & Exists(same_rule)) | (coded & Exists(same_title)))


# --- Compliance with the mandatory trainings --------------------------------------------------------


@dataclass
class UnitCompliance:
    unit: Unit
    cells: list[mandatory.Compliance]  # one per rule
    total: mandatory.Compliance


def visible_units(*, user):
    scope = unit_scope(user, VIEW)
    units = Unit.objects.filter(is_active=True).order_by("code")
    return units if scope is None else units.filter(pk__in=scope)


def _compliance_staff(day: date):
    """Active staff employed by `day`, each with the id of their primary unit (only those with
    one), as the compliance pages count them."""
    primary = Membership.objects.filter(staff=OuterRef("pk"), is_primary=True).values("unit_id")[:1]
    return (
        Staff.objects.filter(is_active=True)
        .filter(Q(employed_since__isnull=True) | Q(employed_since__lte=day))
        .annotate(primary_unit_id=Subquery(primary))
        .filter(primary_unit_id__isnull=False)
        .order_by()
    )


def _visible_people(user, day: date, unit_id: int | None = None):
    """The people with a membership in the units the user may see (in `unit_id`)."""
    units = visible_units(user=user)
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    return _compliance_staff(day).filter(
        Exists(Membership.objects.filter(staff=OuterRef("pk"), unit__in=units.values("pk")))
    )


def compliance_done(*, user, day: date) -> dict[tuple[int, str], date]:
    """The last completions of everyone the matrix and the lists of its units may show the user,
    read once for a page that shows both."""
    return mandatory.last_done(_visible_people(user, day).values("pk"), day)


def compliance_matrix(*, user, day: date | None = None, done: dict | None = None) -> list[UnitCompliance]:
    """Units the user may see × mandatory rules: compliant/applicable and the percentage; each
    person is counted in their primary unit (not the subtree), so the rows add up. Read as values
    in two queries (people, their last completions, unless `done` has them) whatever the size of
    the office."""
    from collections import defaultdict

    day = day or timezone.localdate()
    units = list(visible_units(user=user))
    staff = _compliance_staff(day).filter(primary_unit_id__in=[u.pk for u in units])
    values = list(
        staff.values_list(
            "pk", "position__category", "position__is_managerial", "employed_since", "primary_unit_id"
        )
    )
    unit_of = {row[0]: row[4] for row in values}
    people = [mandatory.Person(*row[:4]) for row in values]
    if done is None:
        done = mandatory.last_done(staff.values("pk"), day)
    found = mandatory.statuses(people, day, done=done)
    rules = mandatory.rules()
    by_unit: dict[int, dict[str, mandatory.Compliance]] = defaultdict(
        lambda: {r.code: mandatory.Compliance(counts=defaultdict(int)) for r in rules}
    )
    for staff_id, statuses in found.items():
        per_rule = by_unit[unit_of[staff_id]]
        for status in statuses:
            cell = per_rule[status.rule.code]
            cell.total += 1
            cell.counts[status.status] += 1
            cell.compliant += status.compliant(day)
    rows = []
    for unit in units:
        cells = [by_unit[unit.pk][r.code] for r in rules]
        total = mandatory.Compliance(
            compliant=sum(c.compliant for c in cells), total=sum(c.total for c in cells), counts={}
        )
        rows.append(UnitCompliance(unit, cells, total))
    return rows


@dataclass(frozen=True)
class PersonCompliance:
    """One person's line of a unit's list and of the export."""

    name: str
    employee_number: str
    position: str
    unit: Unit | None  # the primary unit
    statuses: list[mandatory.Status | None]  # one per rule; None: does not apply

    def __str__(self) -> str:
        return self.name


def compliance_people(
    *, user, unit_id: int | None = None, day: date | None = None, done: dict | None = None
) -> list[PersonCompliance]:
    """The people the user may see (the export, a unit's list): those with a membership in the
    visible units (in `unit_id`), each with their primary unit and every rule's status. Read as
    values: three queries (two with `done`) whatever the number of people."""
    day = day or timezone.localdate()
    staff = _visible_people(user, day, unit_id)
    rows = list(
        staff.order_by("user__last_name", "user__first_name").values_list(
            "pk",
            "position__category",
            "position__is_managerial",
            "employed_since",
            "user__first_name",
            "user__last_name",
            "user__username",
            "employee_number",
            "position__name",
            "primary_unit_id",
        )
    )
    people = [mandatory.Person(*row[:4]) for row in rows]
    if done is None:
        done = mandatory.last_done(staff.values("pk"), day)
    found = mandatory.statuses(people, day, done=done)
    rules = mandatory.rules()
    unit_by_id = Unit.objects.in_bulk({row[9] for row in rows})
    result = []
    for pk, *_person, first_name, last_name, username, number, position, primary in rows:
        by_code = {status.rule.code: status for status in found[pk]}
        result.append(
            PersonCompliance(
                name=f"{first_name} {last_name}".strip() or username,  # as User.get_full_name()
                employee_number=number,
                position=position,
                unit=unit_by_id.get(primary),
                statuses=[by_code.get(rule.code) for rule in rules],
            )
        )
    return result
