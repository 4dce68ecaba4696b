"""The deadline engine: one way to count legal periods for every register in Magistrat.

Periods are counted as the Code of Administrative Procedure counts them (KPA art. 57):

* § 1 – a period in hours ends when its last hour passes (no weekend shift);
* § 2 – a period in days starts the day after the event and ends with its last day;
* § 3 – a period in weeks ends on the same weekday as the event;
* § 3a – a period in months ends on the day with the same number as the event's day, or on
  the last day of the month when that month has no such day (31 January + 1 month = 28/29 February);
* § 4 – when the last day of a day, week or month period falls on a Saturday or on a day that is
  statutorily free from work (Sundays and public holidays), the period ends on the next day that
  is neither.

Working-day periods (e.g. "5 working days") count only Monday–Friday days that are not public
holidays. Public holidays come from the `holidays` package (Poland), including 24 December from 2025.

A `Clock` adds what real cases have: pauses (the clock stops, KPA art. 35 § 5: periods of
suspension and delays caused by the party are not counted), extensions with a reason and a new
date (KPA art. 36), completion, and the states open / due soon / overdue / done / done late.
"""

import calendar as _calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WARSAW = ZoneInfo("Europe/Warsaw")


class Unit(StrEnum):
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "m"
    WORKING_DAYS = "wd"


_PERIOD_RE = re.compile(r"^\s*(\d+)\s*(wd|h|d|w|m)\s*$")


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> "Period":
        """ "72h", "14d", "2w", "1m", "5wd"."""
        match = _PERIOD_RE.match(text)
        if not match:
            raise ValueError(f"Not a period: {text!r} (expected e.g. 72h, 14d, 2w, 1m, 5wd)")
        return cls(int(match.group(1)), Unit(match.group(2)))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("PL", years=year, language="pl"))


def is_free_day(day: date) -> bool:
    """Saturday, Sunday or a public holiday: a day on which no period may end (art. 57 § 4)."""
    return day.weekday() >= 5 or day in _polish_holidays(day.year)


def is_working_day(day: date) -> bool:
    return not is_free_day(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while is_free_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the last working day before it (an act due by a
    date that must happen while something still lasts, e.g. an exam before a contract ends)."""
    while is_free_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(start: date, amount: int) -> date:
    day = start
    counted = 0
    while counted < amount:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def local_date(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment, WARSAW).date() if timezone.is_aware(moment) else moment.date()
    return moment


def end_of_day(day: date) -> datetime:
    """The last moment of a day in Warsaw: a day-counted period runs until then."""
    return datetime.combine(day, time.max, tzinfo=WARSAW)


def due_date(start: datetime | date, period: Period | str) -> date:
    """The last day of a day, week, month or working-day period, per KPA art. 57."""
    period = Period.parse(period) if isinstance(period, str) else period
    begin = local_date(start)
    match period.unit:
        case Unit.DAYS:
            end = begin + timedelta(days=period.amount)
        case Unit.WEEKS:
            end = begin + timedelta(weeks=period.amount)
        case Unit.MONTHS:
            end = add_months(begin, period.amount)
        case Unit.WORKING_DAYS:
            return add_working_days(begin, period.amount)
        case Unit.HOURS:
            return local_date(due_moment(start, period))
    return next_working_day(end)


def due_moment(start: datetime | date, period: Period | str) -> datetime:
    """The moment a period expires: the end of its last hour, or the end of its last day."""
    period = Period.parse(period) if isinstance(period, str) else period
    if period.unit == Unit.HOURS:
        if not isinstance(start, datetime) or timezone.is_naive(start):
            raise ValueError("An hour period needs an aware start time.")
        return start + timedelta(hours=period.amount)
    return end_of_day(due_date(start, period))


class Status(StrEnum):
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    DONE = "done"
    DONE_LATE = "done_late"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.OPEN: _("open"),
    Status.DUE_SOON: _("due soon"),
    Status.OVERDUE: _("overdue"),
    Status.PAUSED: _("paused"),
    Status.DONE: _("done on time"),
    Status.DONE_LATE: _("done late"),
}


@dataclass(frozen=True)
class Pause:
    """The clock stops from `start` until `end` (None: still stopped), with a reason."""

    start: datetime
    end: datetime | None
    reason: str = ""

    def __post_init__(self):
        if self.end is not None and self.end < self.start:
            raise ValueError("A pause cannot end before it starts.")


@dataclass(frozen=True)
class Extension:
    """The deadline moves to `new_due` (a day, or a moment for hour clocks), with a reason."""

    new_due: date | datetime
    reason: str
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Clock:
    """A legal deadline running from `start` for `period`, with pauses and extensions."""

    start: datetime
    period: Period
    pauses: Sequence[Pause] = field(default_factory=tuple)
    extensions: Sequence[Extension] = field(default_factory=tuple)
    completed_at: datetime | None = None

    @property
    def is_paused(self) -> bool:
        return any(pause.end is None for pause in self.pauses)

    def _paused(self) -> timedelta:
        """Time the clock stood still. Day-counted clocks lose whole days: from the day a pause
        starts until the day before it ends (a pause from the 5th to the 8th adds 3 days)."""
        total = timedelta()
        for pause in self.pauses:
            end = pause.end or timezone.now()
            if self.period.unit == Unit.HOURS:
                total += end - pause.start
            else:
                total += timedelta(days=(local_date(end) - local_date(pause.start)).days)
        return total

    @property
    def due(self) -> datetime:
        """The moment the period expires, after pauses and the latest extension."""
        if self.extensions:
            latest = self.extensions[-1].new_due
            return latest if isinstance(latest, datetime) else end_of_day(next_working_day(latest))
        paused = self._paused()
        if self.period.unit == Unit.HOURS:
            return due_moment(self.start, self.period) + paused
        if not paused:
            return due_moment(self.start, self.period)
        # The pause moves the unshifted end; art. 57 § 4 applies to the moved end.
        shifted_start = local_date(self.start) + paused
        return end_of_day(due_date(shifted_start, self.period))

    @property
    def due_day(self) -> date:
        return local_date(self.due)

    def status(self, now: datetime | None = None, *, soon_days: int | None = None) -> Status:
        now = now or timezone.now()
        if self.completed_at is not None:
            return Status.DONE if self.completed_at <= self.due else Status.DONE_LATE
        if self.is_paused:
            return Status.PAUSED
        due = self.due
        if now > due:
            return Status.OVERDUE
        if now >= self._soon_from(due, soon_days):
            return Status.DUE_SOON
        return Status.OPEN

    def _soon_from(self, due: datetime, soon_days: int | None) -> datetime:
        if self.period.unit == Unit.HOURS:
            # For hour clocks (24 h, 72 h) "soon" is the last quarter of the period.
            return due - timedelta(hours=self.period.amount) / 4
        days = settings.MAGISTRAT_DUE_SOON_DAYS if soon_days is None else soon_days
        # "Due soon" covers the last `days` working days, the due day included.
        day, counted = local_date(due), 0
        while True:
            if is_working_day(day):
                counted += 1
            if counted >= days:
                break
            day -= timedelta(days=1)
        return datetime.combine(day, time.min, tzinfo=WARSAW)


@dataclass(frozen=True)
class LegalPeriod:
    key: str
    period: Period
    basis: str


@lru_cache(maxsize=1)
def _legal_periods() -> dict[str, LegalPeriod]:

    from magistrat.core.reference import load_yaml

    return {
        key: LegalPeriod(key, Period.parse(spec["period"]), spec["basis"])
        for key, spec in load_yaml("core", "legal_periods.yaml")["periods"].items()
    }


def legal_period(key: str) -> Period:
    """A statutory period from core/data/legal_periods.yaml, e.g. legal_period("complaint_reply")."""
    return _legal_periods()[key].period
