from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, Id, Text, with_errors
from magistrat.org import selectors
from magistrat.org.models import Unit

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    head: str | None
    email: str
    phone: str
    location: str

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_head(obj):
        return str(obj.head) if obj.head_id else None


class StaffOut(Schema):
    id: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    position: str
    units: list[str]
    phone: str
    room: str
    employed_since: date | None
    is_active: bool

    @staticmethod
    def resolve_first_name(obj):
        return obj.user.first_name

    @staticmethod
    def resolve_last_name(obj):
        return obj.user.last_name

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_position(obj):
        return obj.position.name

    @staticmethod
    def resolve_units(obj):
        return [m.unit.code for m in obj.memberships.all()]


@router.get("/units", response=with_errors({200: list[UnitOut]}, *SIGNED_IN), summary="Organisational units")
@requires("org.view_units")
def unit_list(request):
    return Unit.objects.active().select_related("parent", "head__user").order_by("code")


@router.get(
    "/units/{code}",
    response=with_errors({200: UnitOut}, *SIGNED_IN, 404, 422),
    summary="One organisational unit",
)
@requires("org.view_units")
def unit_detail(request, code: Text):
    return get_object_or_404(Unit.objects.select_related("parent", "head__user"), code=code)


@router.get(
    "/staff",
    response=with_errors({200: list[StaffOut]}, *SIGNED_IN, 404, 422),
    summary="Staff visible to the caller (scoped by unit; 404 for an unknown unit code)",
)
@paginate(Pagination)
@requires("org.view_staff")
def staff_list(request, q: Text = "", unit: Text = ""):
    unit_obj = get_object_or_404(Unit, code=unit) if unit else None
    return selectors.staff_list(user=request.auth, query=q, unit=unit_obj)


@router.get(
    "/staff/{id:pk}",
    response=with_errors({200: StaffOut}, *SIGNED_IN, 404, 422),
    summary="One staff member (404 outside the caller's scope)",
)
@requires("org.view_staff")
def staff_detail(request, pk: Id):
    return selectors.staff_get(user=request.auth, pk=pk)
