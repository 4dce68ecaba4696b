"""Reads of the registers, always scoped by permission: what a user may see of each register."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from magistrat.core.cases.models import Case
from magistrat.core.cases.selectors import case_filter
from magistrat.core.deadlines import Status
from magistrat.core.permissions import get_for, has_perm, unit_scope
from magistrat.org.intake import receives
from magistrat.org.models import Unit
from magistrat.registers.models import Complaint, InfoRequest, Petition


def _scoped(model: type[Case], *, user, perm: str) -> QuerySet:
    """Cases of the units where the user holds `perm`; those who receive the register's intake
    (org.intake) also see the cases not assigned to a unit yet, to open and assign them (the same
    rule as `may`: registers/permissions.py)."""
    cases = model.objects.all()
    scope = unit_scope(user, perm)
    if scope is None:
        return cases
    if receives(user, model.intake_register):
        return cases.filter(Q(unit_id__in=list(scope)) | Q(unit__isnull=True))
    return cases.filter(unit_id__in=list(scope))


def unit_filter(*, user, perm: str, raw: str) -> set[int] | None:
    """A list's `?unit=<id>`: that unit and the units below it; None without one. A unit outside the
    user's scope is not found (a list or export for it is refused with 404, never answered empty)."""
    raw = raw.strip()
    if not raw:
        return None
    unit = Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None or not has_perm(user, perm, unit):
        raise Http404
    return Unit.objects.subtree_ids([unit.pk])


def assign_unit(*, raw: str, default: Unit | None) -> Unit | None:
    """The unit chosen on a case's assign form (an htmx reload offers its people): an active unit."""
    if raw.isdigit():
        return Unit.objects.filter(pk=int(raw), is_active=True).first() or default
    return default


# Complaints and motions ----------------------------------------------------------------------------


def complaint_queryset(*, user, perm: str = "registers.view_complaints") -> QuerySet[Complaint]:
    cases = _scoped(Complaint, user=user, perm=perm)
    return cases.select_related("unit", "handler").prefetch_related("extensions")


def complaint_list(
    *, user, perm: str = "registers.view_complaints", kind: str = "", **filters
) -> QuerySet[Complaint]:
    """The list page's, the export's and the API's complaints: state, words, unit, year, kind."""
    cases = complaint_queryset(user=user, perm=perm)
    return case_filter(cases, search=("number", "subject", "submitter_name"), kind=kind, **filters)


def complaint_get(*, user, pk: int) -> Complaint:
    return get_for(user, "registers.view_complaints", complaint_queryset(user=user), pk=pk)


def complaint_public_status(*, number: str, tracking_code: str) -> Complaint | None:
    """The case a resident asks about, only with its number and tracking code both right."""
    return (
        Complaint.objects.filter(number__iexact=number.strip(), tracking_code__iexact=tracking_code.strip())
        .prefetch_related("extensions")
        .first()
    )


@dataclass(frozen=True)
class YearStats:
    year: int
    total: int
    by_kind: dict[str, int]
    by_outcome: dict[str, int]
    open: int
    closed_on_time: int
    closed_late: int

    @property
    def on_time_percent(self) -> float | None:
        closed = self.closed_on_time + self.closed_late
        return round(100 * self.closed_on_time / closed, 1) if closed else None


def _counts(cases: QuerySet, field: str) -> dict[str, int]:
    return dict(
        cases.exclude(**{field: ""}).values_list(field).annotate(n=Count("id")).values_list(field, "n")
    )


def _statuses(cases) -> dict[Status, int]:
    counts: dict[Status, int] = {}
    for case in cases:
        status = case.clock.status()
        counts[status] = counts.get(status, 0) + 1
    return counts


def complaint_year_stats(year: int) -> YearStats:
    """Public register statistics for a year (no personal data)."""
    cases = Complaint.objects.filter(received_at__year=year)
    by_kind = _counts(cases, "kind")
    statuses = _statuses(cases.prefetch_related("extensions"))
    on_time, late = statuses.pop(Status.DONE, 0), statuses.pop(Status.DONE_LATE, 0)
    return YearStats(
        year, sum(by_kind.values()), by_kind, _counts(cases, "outcome"), sum(statuses.values()), on_time, late
    )


# Requests for public information -------------------------------------------------------------------


def info_request_queryset(*, user, perm: str = "registers.view_requests") -> QuerySet[InfoRequest]:
    return _scoped(InfoRequest, user=user, perm=perm).select_related("unit", "handler")


def info_request_list(*, user, perm: str = "registers.view_requests", **filters) -> QuerySet[InfoRequest]:
    cases = info_request_queryset(user=user, perm=perm)
    return case_filter(cases, search=("number", "subject", "requester_name"), **filters)


def info_request_get(*, user, pk: int) -> InfoRequest:
    return get_for(user, "registers.view_requests", info_request_queryset(user=user), pk=pk)


@dataclass(frozen=True)
class RequestStats:
    year: int
    total: int
    by_outcome: dict[str, int]
    by_channel: dict[str, int]
    extended: int
    with_fee: int
    open: int
    closed_on_time: int
    closed_late: int
    overdue: int

    @property
    def on_time_percent(self) -> float | None:
        closed = self.closed_on_time + self.closed_late
        return round(100 * self.closed_on_time / closed, 1) if closed else None


def info_request_year_stats(year: int) -> RequestStats:
    cases = InfoRequest.objects.filter(received_at__year=year)
    by_channel = _counts(cases, "channel")
    statuses = _statuses(cases)
    return RequestStats(
        year=year,
        total=sum(by_channel.values()),
        by_outcome=_counts(cases, "outcome"),
        by_channel=by_channel,
        extended=cases.filter(extended_to__isnull=False).count(),
        with_fee=cases.filter(fee_notified_at__isnull=False).count(),
        open=cases.open().count(),
        closed_on_time=statuses.get(Status.DONE, 0),
        closed_late=statuses.get(Status.DONE_LATE, 0),
        overdue=statuses.get(Status.OVERDUE, 0),
    )


# Petitions -------------------------------------------------------------------------------------------


def petition_queryset(*, user, perm: str = "registers.view_requests") -> QuerySet[Petition]:
    return _scoped(Petition, user=user, perm=perm).select_related("unit", "handler")


def petition_list(*, user, **filters) -> QuerySet[Petition]:
    return case_filter(petition_queryset(user=user), **filters)


def petition_get(*, user, pk: int) -> Petition:
    return get_for(user, "registers.view_requests", petition_queryset(user=user), pk=pk)
