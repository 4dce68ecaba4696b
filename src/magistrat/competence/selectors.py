"""Reads of the competence module, narrowed by permission (`core.permissions.unit_scope`)."""

from collections.abc import Collection

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from magistrat.competence.models import Appeal, Assessment, AssessmentOrder, LevelRecord, PreparatoryService
from magistrat.competence.schedule import Row, direct_reports, plan, plan_people, with_staff
from magistrat.core.permissions import get_for, unit_scope
from magistrat.org.models import Staff, Unit

VIEW = "competence.view_competence"


def _related(queryset):
    return queryset.select_related(
        "employee__user", "employee__position", "unit", "superior", "order", "appeal"
    )


def assessment_list(*, user, state: str = "", query: str = ""):
    """Assessments the user may see: their own, those they make, and their units' (404 for the rest)."""
    scope = unit_scope(user, VIEW)
    assessments = _related(Assessment.objects.all())
    if scope is not None:
        assessments = assessments.filter(Q(unit_id__in=scope) | Q(employee__user=user) | Q(superior=user))
    if state:
        assessments = assessments.filter(state=state)
    if query:
        assessments = assessments.filter(
            Q(employee__user__last_name__icontains=query) | Q(employee__user__first_name__icontains=query)
        )
    return assessments


def assessment_get(*, user, pk: int) -> Assessment:
    return get_for(user, VIEW, _related(Assessment.objects.all()), pk=pk)


def my_assessments(*, user):
    return _related(Assessment.objects.filter(employee__user=user))


def assessed_by(*, user):
    return _related(Assessment.objects.filter(superior=user))


def due_rows(*, user, statuses: Collection[str] | None = None, limit: int | None = None) -> list[Row]:
    """Who is due for an assessment among the staff of the user's units (everyone: office-wide),
    by name; only the rows in `statuses` and the first `limit` of them, when given. Everyone's
    status is worked out from values; only the rows returned are read as `Staff`."""
    scope = unit_scope(user, VIEW)
    staff = Staff.objects.filter(is_active=True)
    if scope is not None:
        staff = staff.filter(memberships__unit_id__in=scope, memberships__is_primary=True)
    rows = plan_people(staff.order_by("user__last_name", "user__first_name"))
    if statuses is not None:
        rows = [row for row in rows if row.status in statuses]
    if limit is not None:
        return with_staff(rows[:limit])
    return with_staff(rows, among=staff)


def report_rows(*, user) -> list[Row]:
    """The user's direct reports with when each is due (the superior's list)."""
    return plan([s for s in direct_reports(user) if s.is_active])


def open_appeals():
    return (
        Appeal.objects.filter(decision="").select_related("assessment__employee__user").order_by("filed_on")
    )


def open_second_negatives():
    return (
        Assessment.objects.filter(second_negative=True, second_negative_handled_on__isnull=True)
        .exclude(state__in=[Assessment.State.ANNULLED])
        .select_related("employee__user", "appeal", "order")
    )


def orders():
    return AssessmentOrder.objects.all()


# --- The competence model, the gap matrix and the preparatory service ------------------------------


def visible_units(*, user):
    """Units whose gap matrix the user may see (unit heads their subtree, HR every unit)."""
    scope = unit_scope(user, VIEW)
    units = Unit.objects.filter(is_active=True)
    return units if scope is None else units.filter(pk__in=scope)


def unit_get(*, user, pk: int):
    scope = unit_scope(user, VIEW)
    if scope is not None and pk not in scope:
        raise Http404
    return get_object_or_404(Unit, pk=pk)


def staff_get(*, user, pk: int):
    """A person's competence profile: their own, their direct reports', their units' (404 otherwise)."""
    return get_for(user, VIEW, Staff.objects.select_related("user", "position"), pk=pk)


def level_history(*, staff):
    return LevelRecord.objects.filter(staff=staff).select_related("competence", "recorded_by")


def preparatory_list(*, user):
    scope = unit_scope(user, VIEW)
    services = PreparatoryService.objects.select_related("staff__user", "mentor__user", "unit")
    if scope is not None:
        services = services.filter(Q(unit_id__in=scope) | Q(staff__user=user) | Q(mentor__user=user))
    return services


def preparatory_get(*, user, pk: int):
    return get_for(
        user,
        VIEW,
        PreparatoryService.objects.select_related("staff__user", "staff__position", "mentor__user"),
        pk=pk,
    )


def open_preparatory_services():
    return (
        PreparatoryService.objects.filter(result="")
        .select_related("staff__user", "mentor__user")
        .prefetch_related("staff__memberships")
        .order_by("contract_end")
    )
