"""Reads of the performance module, scoped by permission (`permissions.py` says the same for one
object): the quality manager and office-wide holders see everything; unit heads their units'
objectives and KPIs (and the office objectives above them, which their units serve); owners theirs."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.permissions import has_perm, unit_scope
from magistrat.performance.models import Kpi, KpiValue, MethodChange, Objective, ValueComment
from magistrat.performance.periods import last_ended

VIEW, MANAGE = "performance.view_performance", "performance.manage_performance"


def _scope(user) -> frozenset[int] | None:
    return None if has_perm(user, MANAGE) else unit_scope(user, VIEW)


def objectives_visible(user) -> QuerySet[Objective]:
    scope = _scope(user)
    objectives = Objective.objects.all()
    if scope is None:
        return objectives
    return objectives.filter(Q(unit_id__in=scope) | Q(owner_id=user.pk))


def kpis_visible(user) -> QuerySet[Kpi]:
    scope = _scope(user)
    kpis = Kpi.objects.all()
    if scope is None:
        return kpis
    return kpis.filter(Q(unit_id__in=scope) | Q(owner_id=user.pk))


def _with_latest(kpis) -> list[Kpi]:
    """The KPIs with `latest` (their latest value, or None) set, in two queries."""
    kpis = list(kpis)
    latest: dict[int, KpiValue] = {}
    for value in KpiValue.objects.filter(kpi__in=kpis).order_by("kpi_id", "-period_start"):
        latest.setdefault(value.kpi_id, value)
    for kpi in kpis:
        kpi.latest = latest.get(kpi.pk)
        kpi.light_now = kpi.light(kpi.latest.value if kpi.latest else None)
    return kpis


@dataclass
class Node:
    objective: Objective
    kpis: list
    children: list


def objective_tree(*, user, state: str = "active") -> list[Node]:
    """Office objectives with the unit objectives serving them, each with its KPIs' latest lights.
    A unit objective whose office objective the user cannot see stands on its own."""
    objectives = objectives_visible(user).select_related("unit", "owner")
    if state:
        objectives = objectives.filter(state=state)
    found = list(objectives.order_by("title", "pk"))
    kpis = _with_latest(Kpi.objects.filter(objective__in=found).select_related("unit").order_by("name"))
    by_objective: dict[int, list] = {}
    for kpi in kpis:
        by_objective.setdefault(kpi.objective_id, []).append(kpi)
    nodes = {o.pk: Node(o, by_objective.get(o.pk, []), []) for o in found}
    roots: list[Node] = []
    for objective in found:
        node = nodes[objective.pk]
        parent = nodes.get(objective.parent_id) if objective.parent_id else None
        (parent.children if parent else roots).append(node)
    roots.sort(key=lambda n: (n.objective.level != Objective.Level.OFFICE, n.objective.title))
    return roots


def objective_get(*, user, pk: int) -> Objective:
    objective = objectives_visible(user).select_related("unit", "owner", "parent").filter(pk=pk).first()
    if objective is None:
        raise Http404
    return objective


def kpi_get(*, user, pk: int) -> Kpi:
    kpi = kpis_visible(user).select_related("objective", "unit", "owner").filter(pk=pk).first()
    if kpi is None:
        raise Http404
    return kpi


def value_get(*, user, pk: int) -> KpiValue:
    value = (
        KpiValue.objects.select_related("kpi", "kpi__objective")
        .filter(pk=pk, kpi__in=kpis_visible(user))
        .first()
    )
    if value is None:
        raise Http404
    return value


def kpis_of(objective: Objective) -> list[Kpi]:
    return _with_latest(objective.kpis.select_related("unit", "owner").order_by("name"))


def kpi_values(kpi: Kpi) -> QuerySet[KpiValue]:
    comments = ValueComment.objects.select_related("author").order_by("created_at", "pk")
    return (
        kpi.values.select_related("entered_by")
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("period_start")
    )


def method_changes(kpi: Kpi) -> list[MethodChange]:
    return list(kpi.method_changes.select_related("recorded_by").order_by("effective_from"))


@dataclass(frozen=True)
class KpiFilters:
    unit: str = ""  # unit code
    owner: str = ""  # user name
    light: str = ""  # green / amber / red / grey
    query: str = ""


def kpi_list(*, user, filters: KpiFilters = KpiFilters()) -> list[Kpi]:  # noqa: B008
    kpis = kpis_visible(user).select_related("objective", "unit", "owner")
    if filters.unit:
        kpis = kpis.filter(unit__code=filters.unit)
    if filters.owner:
        kpis = kpis.filter(owner__username=filters.owner)
    if filters.query:
        kpis = kpis.filter(Q(name__icontains=filters.query) | Q(objective__title__icontains=filters.query))
    found = _with_latest(kpis.order_by("name", "pk"))
    if filters.light:
        found = [kpi for kpi in found if getattr(kpi, "light_now", "") == filters.light]
    return found


def missing_values(*, today: date | None = None, owner=None) -> list[tuple[Kpi, tuple[date, date]]]:
    """Manual KPIs of active objectives whose last ended period has no value yet."""
    today = today or timezone.localdate()
    kpis = Kpi.objects.filter(source="manual", objective__state=Objective.State.ACTIVE).select_related(
        "objective"
    )
    if owner is not None:
        kpis = kpis.filter(owner=owner)
    missing = []
    for kpi in kpis.order_by("name", "pk")[:500]:
        period = last_ended(today, kpi.frequency)
        if not kpi.objective.year_from <= period[0].year <= kpi.objective.year_to:
            continue
        missing.append((kpi, period))
    if not missing:
        return []
    have = set(
        KpiValue.objects.filter(kpi__in=[k for k, _p in missing], value__isnull=False).values_list(
            "kpi_id", "period_start"
        )
    )
    return [(kpi, period) for kpi, period in missing if (kpi.pk, period[0]) not in have]
