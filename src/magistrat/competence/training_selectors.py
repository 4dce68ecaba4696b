"""Reads of the trainings, narrowed by permission (`core.permissions.unit_scope`): holders of
`competence.view_competence` see their units' people (HR and leadership the office), a superior
their direct reports, everyone their own."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
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
from magistrat.org.models import Unit

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


def report_enrolments_to_assess(*, user, today: date | None = None) -> list[Enrolment]:
    """Completed trainings of the user's direct reports whose behaviour (Kirkpatrick 3) is due."""
    from magistrat.competence.services.trainings import behaviour_due_on

    today = today or timezone.localdate()
    reports = [s.pk for s in direct_reports(user)]
    if not reports:
        return []
    candidates = Enrolment.objects.filter(
        staff_id__in=reports, state=Enrolment.State.COMPLETED, behaviour_rating__isnull=True
    ).select_related("training", "staff__user")
    return [e for e in candidates if (due := behaviour_due_on(e)) is not None and due <= today]


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


def superseded_certificate_ids(certificates) -> set[int]:
    """Certificates already renewed: a later certificate of the same person for a training with the
    same mandatory code or title (the holders' certificates read in one query)."""
    certificates = list(certificates)
    held: dict[int, list[tuple]] = {}
    for row in Certificate.objects.filter(staff_id__in={c.staff_id for c in certificates}).values_list(
        "staff_id", "issued_on", "enrolment__training__mandatory_code", "enrolment__training__title"
    ):
        held.setdefault(row[0], []).append(row[1:])
    renewed = set()
    for certificate in certificates:
        training = certificate.enrolment.training
        for issued_on, code, title in held.get(certificate.staff_id, ()):
            same = code == training.mandatory_code if training.mandatory_code else title == training.title
            if same and issued_on > certificate.issued_on:
                renewed.add(certificate.pk)
                break
    return renewed


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


def compliance_matrix(*, user, day: date | None = None) -> list[UnitCompliance]:
    """Units the user may see × mandatory rules: compliant/applicable and the percentage; each
    person is counted in their primary unit (not the subtree), so the rows add up."""
    from collections import defaultdict

    day = day or timezone.localdate()
    units = list(visible_units(user=user))
    staff = list(mandatory.staff_of_units([u.pk for u in units], day=day).prefetch_related("memberships"))
    found = mandatory.statuses(staff, day)
    rules = mandatory.rules()
    by_unit: dict[int, dict[str, mandatory.Compliance]] = defaultdict(
        lambda: {r.code: mandatory.Compliance(counts=defaultdict(int)) for r in rules}
    )
    for person in staff:
        unit_id = next((m.unit_id for m in person.memberships.all() if m.is_primary), None)
        if unit_id is None:
            continue
        for status in found[person.pk]:
            cell = by_unit[unit_id][status.rule.code]
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


def compliance_people(*, user, unit_id: int | None = None, day: date | None = None):
    """(person, unit, [Status or None, one per rule]) for the people the user may see (the export, a
    unit's list)."""
    day = day or timezone.localdate()
    units = visible_units(user=user)
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    staff = list(
        mandatory.staff_of_units(list(units.values_list("pk", flat=True)), day=day)
        .prefetch_related("memberships__unit")
        .order_by("user__last_name", "user__first_name")
    )
    found = mandatory.statuses(staff, day)
    rules = mandatory.rules()
    rows = []
    for person in staff:
        unit = next((m.unit for m in person.memberships.all() if m.is_primary), None)
        by_code = {status.rule.code: status for status in found[person.pk]}
        rows.append((person, unit, [by_code.get(rule.code) for rule in rules]))  # None: does not apply
    return rows
