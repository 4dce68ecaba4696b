"""The trainings in the JSON API (`/api/v1/competence/`): reads, narrowed to the caller's units by the
same selectors as the pages."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, Text, with_errors
from magistrat.competence import mandatory
from magistrat.competence import training_selectors as selectors

router = Router(tags=["competence"])
VIEW = "competence.view_competence"


class TrainingOut(Schema):
    id: int
    title: str
    provider_kind: str
    provider: str
    form: str
    starts_on: date
    ends_on: date
    hours: Decimal
    cost: Decimal
    capacity: int
    places_taken: int
    competences: list[str]
    mandatory_code: str
    kpi_code: str
    cancelled: bool

    @staticmethod
    def resolve_places_taken(obj):
        return obj.taken

    @staticmethod
    def resolve_competences(obj):
        return [c.code for c in obj.competences.all()]


class NeedOut(Schema):
    id: int
    year: int
    employee: str
    unit: str
    competence: str | None
    description: str
    source: str
    state: str
    planned_cost: Decimal
    actual_cost: Decimal | None
    training: int | None

    @staticmethod
    def resolve_year(obj):
        return obj.plan.year

    @staticmethod
    def resolve_employee(obj):
        return str(obj.staff)

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code

    @staticmethod
    def resolve_competence(obj):
        return obj.competence.code if obj.competence_id else None

    @staticmethod
    def resolve_training(obj):
        return obj.training_id


class RuleCompliance(Schema):
    rule: str
    compliant: int
    applicable: int
    percent: float | None


class UnitComplianceOut(Schema):
    unit: str
    percent: float | None
    rules: list[RuleCompliance]


@router.get(
    "/trainings",
    response=with_errors({200: list[TrainingOut]}, *SIGNED_IN, 422),
    summary="Trainings (the catalogue), newest first; `year` and `q` narrow it",
)
@paginate(Pagination)
@requires(VIEW)
def training_list(request, year: int | None = None, q: Text = ""):
    if year is not None and not 2000 <= year <= 2100:
        year = None
    return selectors.training_list(year=year, query=q[:100]).prefetch_related("competences")


@router.get(
    "/needs",
    response=with_errors({200: list[NeedOut]}, *SIGNED_IN, 422),
    summary="Training needs of a year (the items of its plan) visible to the caller",
)
@paginate(Pagination)
@requires(VIEW)
def need_list(request, year: int | None = None):
    if year is None or not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return selectors.needs_list(user=request.auth, year=year)


@router.get(
    "/mandatory/compliance",
    response=with_errors({200: list[UnitComplianceOut]}, *SIGNED_IN),
    summary="Compliance with the mandatory trainings today, per unit visible to the caller",
)
@requires(VIEW)
def mandatory_compliance(request):
    rules = mandatory.rules()
    return [
        {
            "unit": row.unit.code,
            "percent": row.total.percent,
            "rules": [
                {
                    "rule": rule.code,
                    "compliant": cell.compliant,
                    "applicable": cell.total,
                    "percent": cell.percent,
                }
                for rule, cell in zip(rules, row.cells, strict=True)
            ],
        }
        for row in selectors.compliance_matrix(user=request.auth)
    ]
