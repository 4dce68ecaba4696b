"""The objectives and KPIs in the JSON API (`/api/v1/performance/`): reads, narrowed to the caller's
units by the same selectors as the pages."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, Id, with_errors
from magistrat.performance import selectors
from magistrat.performance.models import KpiValue

router = Router(tags=["performance"])
VIEW = "performance.view_performance"


class ObjectiveOut(Schema):
    id: int
    title: str
    level: str
    unit: str | None
    parent: int | None
    owner: str
    year_from: int
    year_to: int
    state: str

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.get_username()


class KpiOut(Schema):
    id: int
    objective: int
    name: str
    unit: str | None
    owner: str
    source: str
    unit_of_measure: str
    direction: str
    frequency: str
    target: float
    amber_threshold: float
    red_threshold: float

    @staticmethod
    def resolve_objective(obj):
        return obj.objective_id

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.get_username()


class ValueOut(Schema):
    id: int
    kpi: int
    period_start: date
    period_end: date
    value: float | None
    sample: int | None
    low: float | None
    high: float | None
    computed: bool
    light: str

    @staticmethod
    def resolve_kpi(obj):
        return obj.kpi_id


@router.get(
    "/objectives",
    response=with_errors({200: list[ObjectiveOut]}, *SIGNED_IN, 422),
    summary="Objectives visible to the caller",
)
@paginate(Pagination)
@requires(VIEW)
def objective_list(request):
    return selectors.objectives_visible(request.auth).select_related("unit", "owner").order_by("pk")


@router.get(
    "/kpis", response=with_errors({200: list[KpiOut]}, *SIGNED_IN, 422), summary="KPIs visible to the caller"
)
@paginate(Pagination)
@requires(VIEW)
def kpi_list(request):
    return selectors.kpis_visible(request.auth).select_related("unit", "owner").order_by("pk")


@router.get(
    "/values",
    response=with_errors({200: list[ValueOut]}, *SIGNED_IN, 404, 422),
    summary="Values of the KPIs visible to the caller (of one KPI with `kpi`), oldest period first",
)
@paginate(Pagination)
@requires(VIEW)
def value_list(request, kpi: Id | None = None):
    kpis = selectors.kpis_visible(request.auth)
    if kpi is not None:
        kpis = kpis.filter(pk=get_object_or_404(kpis, pk=kpi).pk)
    return KpiValue.objects.filter(kpi__in=kpis).select_related("kpi").order_by("kpi_id", "period_start")
