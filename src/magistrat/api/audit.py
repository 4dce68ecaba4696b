"""The audit trail's API (`/api/v1/core/audit`). Core's own router lives here, beside the API's shared
schemas it uses, because core imports nothing of ours (docs/architecture.md, "Layers")."""

from datetime import datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, AwareDateTime, InputSchema, with_errors
from magistrat.core.selectors import audit_entries

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    actor_name: str
    actor_id: int | None
    action: str
    action_label: str  # translated, beside the stored code
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    data: dict
    ip_address: str | None
    hash: str
    hash_version: int


class AuditFilters(InputSchema):
    q: str = ""
    action: str = ""
    object_type: str = ""
    since: AwareDateTime | None = None
    until: AwareDateTime | None = None


@router.get(
    "/audit",
    response=with_errors({200: list[AuditEntryOut]}, *SIGNED_IN, 422),
    summary="Audit trail entries, newest first",
    operation_id="magistrat_core_api_audit_list",  # as generated before the router moved here from core
)
@paginate(Pagination)
@requires("core.view_audit")
def audit_list(request, filters: Query[AuditFilters]):
    return audit_entries(
        query=filters.q,
        action=filters.action,
        object_type=filters.object_type,
        since=filters.since,
        until=filters.until,
    )
