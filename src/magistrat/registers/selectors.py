from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from magistrat.core.deadlines import Status
from magistrat.core.permissions import unit_scope
from magistrat.org.intake import receives
from magistrat.registers.models import Complaint, InfoRequest, Petition


def _scoped(queryset: QuerySet, *, user, perm: str, register: str) -> QuerySet:
    """Cases of the units where the user holds `perm`; those who receive the register's intake
    (org.intake) also see the cases not assigned to a unit yet, to open and assign them."""
    scope = unit_scope(user, perm)
    if scope is None:
        return queryset
    if receives(user, register):
        return queryset.filter(Q(unit_id__in=list(scope)) | Q(unit__isnull=True))
    return queryset.filter(unit_id__in=list(scope))


def complaint_queryset(*, user, perm: str = "registers.view_complaints") -> QuerySet[Complaint]:
    cases = _scoped(Complaint.objects.all(), user=user, perm=perm, register="complaints")
    return cases.select_related("unit", "assignee__user").prefetch_related("extensions")


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
    cases = _state(cases, state)
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
    cases = _scoped(InfoRequest.objects.all(), user=user, perm=perm, register="info_requests")
    return cases.select_related("unit", "handler")


def info_request_list(
    *, user, query: str = "", state: str = "", unit_ids=None, year: int | None = None
) -> QuerySet[InfoRequest]:
    cases = info_request_queryset(user=user)
    if query:
        cases = cases.filter(
            Q(number__icontains=query) | Q(subject__icontains=query) | Q(requester_name__icontains=query)
        )
    cases = _state(cases, state)
    if unit_ids is not None:
        cases = cases.filter(unit_id__in=list(unit_ids))
    if year:
        cases = cases.filter(received_at__year=year)
    return cases


def _state(cases: QuerySet, state: str) -> QuerySet:
    if state == "open":
        return cases.filter(closed_at__isnull=True)
    if state == "closed":
        return cases.filter(closed_at__isnull=False)
    if state == "unassigned":
        return cases.filter(closed_at__isnull=True, unit__isnull=True)
    return cases


def petition_queryset(*, user, perm: str = "registers.view_requests") -> QuerySet[Petition]:
    return _scoped(Petition.objects.all(), user=user, perm=perm, register="petitions").select_related(
        "unit", "handler"
    )


def petition_list(*, user, state: str = "", unit_ids=None) -> QuerySet[Petition]:
    petitions = _state(petition_queryset(user=user), state)
    if unit_ids is not None:
        petitions = petitions.filter(unit_id__in=list(unit_ids))
    return petitions


def petition_get(*, user, pk: int) -> Petition:
    return get_object_or_404(petition_queryset(user=user), pk=pk)


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
