from datetime import datetime

from django.db.models import Q, QuerySet

from magistrat.core.models import AuditEntry


def audit_entries(
    *,
    query: str = "",
    action: str = "",
    object_type: str = "",
    actor: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, filtered; callers check `core.view_audit` first."""
    entries = AuditEntry.objects.all()
    if query:
        entries = entries.filter(
            Q(object_repr__icontains=query) | Q(object_id=query) | Q(actor_name__icontains=query)
        )
    if action:
        entries = entries.filter(action__startswith=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if since:
        entries = entries.filter(created_at__gte=since)
    if until:
        entries = entries.filter(created_at__lte=until)
    return entries.order_by("-id")
