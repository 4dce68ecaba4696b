from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from magistrat.core.deadlines import Status
from magistrat.core.permissions import unit_scope
from magistrat.registers.models import Complaint, InfoRequest


def complaint_queryset(*, user, perm: str = "registers.view_complaints") -> QuerySet[Complaint]:
    return (
        Complaint.objects.in_units(unit_scope(user, perm))
        .select_related("unit", "assignee__user")
        .prefetch_related("extensions")
    )


def complaint_list(
    *, user, query: str = "", kind: str = "", state: str = "", unit_ids=None, year: int | None = None
) -> QuerySet[Complaint]:
    cases = complaint_queryset(user=user)
    if query:
        cases = cases.filter(
            Q(number__icontains=query) | Q(subject__icontains=query) | Q(submitter_name__icontains=query)
        )
    if kind:
        cases = cases.filter(kind=kind)
    if state == "open":
        cases = cases.filter(closed_at__isnull=True)
    elif state == "closed":
        cases = cases.filter(closed_at__isnull=False)
    elif state == "unassigned":
        cases = cases.filter(closed_at__isnull=True, unit__isnull=True)
    if unit_ids is not None:
        cases = cases.filter(unit_id__in=list(unit_ids))
    if year:
        cases = cases.filter(received_at__year=year)
    return cases


def complaint_get(*, user, pk: int, perm: str = "registers.view_complaints") -> Complaint:
    return get_object_or_404(complaint_queryset(user=user, perm=perm), pk=pk)


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


def complaint_year_stats(year: int) -> YearStats:
    """Public register statistics for a year (no personal data)."""
    cases = Complaint.objects.filter(received_at__year=year)
    by_kind = dict(cases.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_outcome = dict(
        cases.exclude(outcome="").values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    on_time = late = still_open = 0
    for case in cases.prefetch_related("extensions"):
        status = case.clock.status()
        if status == Status.DONE:
            on_time += 1
        elif status == Status.DONE_LATE:
            late += 1
        else:
            still_open += 1
    return YearStats(year, sum(by_kind.values()), by_kind, by_outcome, still_open, on_time, late)


def info_request_queryset(*, user, perm: str = "registers.view_requests") -> QuerySet[InfoRequest]:
    return InfoRequest.objects.in_units(unit_scope(user, perm)).select_related("unit", "handler")


def info_request_list(
    *, user, query: str = "", state: str = "", year: int | None = None
) -> QuerySet[InfoRequest]:
    cases = info_request_queryset(user=user)
    if query:
        cases = cases.filter(
            Q(number__icontains=query) | Q(subject__icontains=query) | Q(requester_name__icontains=query)
        )
    if state == "open":
        cases = cases.filter(closed_at__isnull=True)
    elif state == "closed":
        cases = cases.filter(closed_at__isnull=False)
    if year:
        cases = cases.filter(received_at__year=year)
    return cases


def info_request_get(*, user, pk: int) -> InfoRequest:
    return get_object_or_404(info_request_queryset(user=user), pk=pk)


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
    by_outcome = dict(
        cases.exclude(outcome="").values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    by_channel = dict(cases.values_list("channel").annotate(n=Count("id")).values_list("channel", "n"))
    counts = {Status.DONE: 0, Status.DONE_LATE: 0, Status.OVERDUE: 0}
    still_open = 0
    for case in cases:
        status = case.clock.status()
        if status in counts:
            counts[status] += 1
        if case.closed_at is None:
            still_open += 1
    return RequestStats(
        year=year,
        total=sum(by_channel.values()),
        by_outcome=by_outcome,
        by_channel=by_channel,
        extended=cases.filter(extended_to__isnull=False).count(),
        with_fee=cases.filter(fee_notified_at__isnull=False).count(),
        open=still_open,
        closed_on_time=counts[Status.DONE],
        closed_late=counts[Status.DONE_LATE],
        overdue=counts[Status.OVERDUE],
    )
