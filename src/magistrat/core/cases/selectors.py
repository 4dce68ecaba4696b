"""Reads every case register shares."""

from typing import cast

from django.db.models import Q, QuerySet

from magistrat.core.cases.models import Case, CaseQuerySet
from magistrat.core.models import AuditEntry


def case_history(case: Case) -> QuerySet[AuditEntry]:
    """The case's audit trail, oldest first (the page shows whoever may open the case)."""
    return AuditEntry.objects.filter(object_type=case._meta.label_lower, object_id=str(case.pk)).order_by(
        "id"
    )


def case_filter(
    cases: QuerySet,
    *,
    state: str = "",
    query: str = "",
    search: tuple[str, ...] = ("number", "subject"),
    unit_ids=None,
    year: int | None = None,
    **exact,
) -> QuerySet:
    """Narrow a register's (already permission-scoped) cases by the list page's filters: state,
    words in the `search` fields, a unit's subtree, the year of receipt, exact values (a kind)."""
    cases = cast(CaseQuerySet, cases).in_state(state)
    if query:
        words = Q()
        for name in search:
            words |= Q(**{f"{name}__icontains": query})
        cases = cases.filter(words)
    if unit_ids is not None:
        cases = cases.filter(unit_id__in=list(unit_ids))
    if year:
        cases = cases.filter(received_at__year=year)
    return cases.filter(**{name: value for name, value in exact.items() if value})
