"""The registers as KPI sources (`performance.sources`, registered from `RegistersConfig.ready()`):
the share of complaints and motions, requests for public information and petitions closed on time
in a period. A case counts in the period it was closed; it was on time when its clock (receipt,
the legal period, the extensions notified) says "done on time". A unit's KPI counts the cases of
the unit and the units below it."""

from datetime import date, datetime, timedelta
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, end_of_day, local_date
from magistrat.org.models import Unit
from magistrat.performance.sources import KpiSource, Value, bucket, register_source
from magistrat.registers.models import Complaint, InfoRequest, Petition


@lru_cache(maxsize=100_000)
def _due(clock: Clock) -> datetime:
    """The deadline engine's due moment for a clock (pure: the same clock, the same answer). Office
    and unit KPIs over two years ask about the same closed cases many times in one run."""
    return clock.due


def _on_time(case) -> bool:
    clock = case.clock
    key = Clock(
        start=clock.start, period=clock.period, pauses=tuple(clock.pauses), extensions=tuple(clock.extensions)
    )
    return case.closed_at <= _due(key)


# What a case's clock reads; the rest of each row is not loaded (a two-year series of an office KPI
# reads every case closed in two years).
CLOCK_FIELDS = ("received_at", "closed_at", "unit_id")


def _series(model, list_url: str, prefetch: tuple[str, ...] = (), fields: tuple[str, ...] = ()):
    def compute_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
        first, last = periods[0][0], periods[-1][1]
        cases = model.objects.filter(
            closed_at__gt=end_of_day(first - timedelta(days=1)), closed_at__lte=end_of_day(last)
        )
        if unit is not None:
            cases = cases.filter(unit_id__in=Unit.objects.subtree_ids([unit.pk]))
        closed = [0] * len(periods)
        on_time = [0] * len(periods)
        for case in cases.only(*CLOCK_FIELDS, *fields).prefetch_related(*prefetch).order_by():
            index = bucket(periods, local_date(case.closed_at))
            if index is None:
                continue
            closed[index] += 1
            on_time[index] += _on_time(case)
        url = reverse(list_url) + "?state=closed" + (f"&unit={unit.pk}" if unit is not None else "")
        return [
            Value(
                value=round(100 * on_time[i] / closed[i], 2) if closed[i] else None,
                sample=closed[i],
                records_url=url,
                data={"closed": closed[i], "on_time": on_time[i]},
            )
            for i in range(len(periods))
        ]

    def compute(*, start: date, end: date, unit=None) -> Value:
        return compute_series(periods=[(start, end)], unit=unit)[0]

    return compute, compute_series


SOURCES = [
    KpiSource(
        code=code,
        label=label,
        unit_of_measure="%",
        compute=compute,
        compute_series=compute_series,
        description=description,
        direction="higher",
    )
    for code, label, (compute, compute_series), description in (
        (
            "registers.complaints_on_time",
            _("Complaints and motions answered on time (%)"),
            _series(Complaint, "registers:complaint_list", ("extensions",), ("competent",)),
            _(
                "Complaints and motions closed in the period, the share closed by their deadline "
                "(KPA art. 237)."
            ),
        ),
        (
            "registers.info_requests_on_time",
            _("Requests for public information answered on time (%)"),
            _series(
                InfoRequest,
                "registers:request_list",
                fields=("extended_to", "extension_reason", "fee_notified_at", "fee_reason"),
            ),
            _("Requests closed in the period, the share closed by their deadline (udip art. 13)."),
        ),
        (
            "registers.petitions_on_time",
            _("Petitions dealt with on time (%)"),
            _series(Petition, "registers:petition_list", fields=("extended_to", "extension_reason")),
            _(
                "Petitions closed in the period, the share closed by their deadline "
                "(ustawa o petycjach art. 10)."
            ),
        ),
    )
]


def register() -> None:
    for source in SOURCES:
        register_source(source)


register()  # imported from the app's ready(): the sources are in the registry from start-up
