from datetime import datetime

from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from magistrat.core.permissions import require
from magistrat.core.selectors import audit_entries

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    data: dict
    ip_address: str | None
    hash: str


class AuditFilters(Schema):
    q: str = ""
    action: str = ""
    object_type: str = ""
    since: datetime | None = None
    until: datetime | None = None


@router.get("/audit", response=list[AuditEntryOut], summary="Audit trail entries, newest first")
@paginate(LimitOffsetPagination)
def audit_list(request, filters: Query[AuditFilters]):
    require(request.auth, "core.view_audit")
    return audit_entries(
        query=filters.q,
        action=filters.action,
        object_type=filters.object_type,
        since=filters.since,
        until=filters.until,
    )
