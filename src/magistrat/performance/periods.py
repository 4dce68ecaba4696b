"""Reporting periods of a KPI: calendar months, quarters and years (local dates, inclusive ends).

A value belongs to exactly one period of its KPI's frequency; `aligned` says whether two dates are
such a period, `periods_between` lists them, `ended_before` the ones fully past on a day.
"""

from datetime import date, timedelta

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(day: date, frequency: str) -> tuple[date, date]:
    """The period of `frequency` containing `day`."""
    months = MONTHS[frequency]
    start = date(day.year, ((day.month - 1) // months) * months + 1, 1)
    return start, _add_months(start, months) - timedelta(days=1)


def aligned(start: date, end: date, frequency: str) -> bool:
    return period_of(start, frequency) == (start, end)


def periods_between(first: date, last: date, frequency: str) -> list[tuple[date, date]]:
    """Every period of `frequency` that starts on or after `first`'s period and ends by `last`."""
    found = []
    start, end = period_of(first, frequency)
    while end <= last:
        found.append((start, end))
        start = end + timedelta(days=1)
        end = _add_months(start, MONTHS[frequency]) - timedelta(days=1)
    return found


def last_ended(today: date, frequency: str) -> tuple[date, date]:
    """The latest period of `frequency` that ended before `today`."""
    start, _end = period_of(today, frequency)
    return period_of(start - timedelta(days=1), frequency)
