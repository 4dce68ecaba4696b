from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, ErrorOut, Text, with_errors
from magistrat.registers import selectors

router = Router(tags=["complaints and motions"])
public_router = Router(tags=["public"], auth=None)


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    received_at: datetime
    subject: str
    unit: str | None
    due: date
    status: str
    outcome: str
    closed_at: datetime | None

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_due(obj):
        return obj.clock.due_day

    @staticmethod
    def resolve_status(obj):
        return obj.clock.status().value


class PublicStatusOut(Schema):
    number: str
    kind: str
    received_at: datetime
    due: date
    closed: bool
    outcome: str

    @staticmethod
    def resolve_due(obj):
        return obj.clock.due_day

    @staticmethod
    def resolve_closed(obj):
        return obj.closed_at is not None


@router.get(
    "/complaints",
    response=with_errors({200: list[ComplaintOut]}, *SIGNED_IN, 422),
    summary="Complaints and motions visible to the caller",
)
@paginate(Pagination)
@requires("registers.view_complaints")
def complaint_list(request, state: Text = "open", kind: Text = "", q: Text = ""):
    return selectors.complaint_list(user=request.auth, state=state, kind=kind, query=q)


@public_router.get(
    "/complaints/status",
    response=with_errors({200: PublicStatusOut}, 404, 422),
    summary="Status of a case for the resident",
)
def complaint_status(request, number: Text, tracking_code: Text):
    case = selectors.complaint_public_status(number=number, tracking_code=tracking_code)
    if case is None:
        return Status(404, ErrorOut(detail=_("No case matches this number and tracking code.")))
    return case
