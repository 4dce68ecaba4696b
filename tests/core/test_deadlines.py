"""Worked examples for the deadline engine (KPA art. 57), checked by hand against a calendar."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magistrat.core.deadlines import (
    WARSAW,
    Clock,
    Extension,
    Pause,
    Period,
    Status,
    Unit,
    add_months,
    due_date,
    due_moment,
    is_free_day,
    next_working_day,
)


def at(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("start", "period", "expected", "why"),
    [
        # § 3a: a month ends on the same-numbered day, or the month's last day
        (date(2025, 1, 31), "1m", date(2025, 2, 28), "31 Jan + 1 month = 28 Feb (Friday)"),
        (date(2024, 1, 31), "1m", date(2024, 2, 29), "leap year: 29 Feb (Thursday)"),
        (date(2026, 1, 30), "1m", date(2026, 3, 2), "28 Feb 2026 is a Saturday → Monday 2 March"),
        (date(2026, 3, 6), "1m", date(2026, 4, 7), "6 April 2026 is Easter Monday → 7 April"),
        (date(2026, 11, 30), "3m", date(2027, 3, 1), "28 Feb 2027 is a Sunday → 1 March"),
        (
            date(2026, 8, 31),
            "2m",
            date(2026, 11, 2),
            "31 Oct 2026 Saturday, 1 Nov Sunday and holiday → 2 Nov",
        ),
        # § 2: days start the day after the event
        (date(2026, 4, 17), "14d", date(2026, 5, 4), "1 May holiday, 2 May Saturday, 3 May Sunday+holiday"),
        (date(2025, 12, 10), "14d", date(2025, 12, 29), "24 Dec is a holiday from 2025; 25, 26; weekend"),
        (date(2026, 11, 23), "14d", date(2026, 12, 7), "plain 14 days"),
        (date(2026, 10, 18), "14d", date(2026, 11, 2), "1 Nov 2026 is a Sunday and holiday → Monday"),
        # § 3: weeks end on the same weekday
        (date(2026, 11, 4), "1w", date(2026, 11, 12), "11 Nov Independence Day → 12 Nov"),
        # working days skip weekends and holidays
        (date(2026, 12, 18), "5wd", date(2026, 12, 29), "21, 22, 23, (24, 25, 26 free), 28, 29"),
    ],
)
def test_worked_examples(start, period, expected, why):
    assert due_date(start, period) == expected, why


def test_a_day_period_ending_on_saturday_moves_to_monday():
    # 14 days from Saturday 7 Nov 2026 is Saturday 21 Nov → Monday 23 Nov
    assert due_date(date(2026, 11, 7), "14d") == date(2026, 11, 23)


def test_hour_periods_do_not_move_for_weekends():
    start = at(2026, 11, 20, 16, 30)  # a Friday afternoon
    assert due_moment(start, "72h") == at(2026, 11, 23, 16, 30)
    assert due_moment(start, "24h") == at(2026, 11, 21, 16, 30)  # a Saturday: NIS2 clocks run on


def test_day_periods_run_to_the_end_of_their_last_day():
    moment = due_moment(at(2026, 11, 23, 9, 0), "14d")
    assert moment.date() == date(2026, 12, 7)
    assert (moment.hour, moment.minute) == (23, 59)


def test_hour_period_needs_aware_start():
    with pytest.raises(ValueError):
        due_moment(datetime(2026, 1, 1, 10, 0), "24h")  # noqa: DTZ001


def test_period_parsing():
    assert Period.parse("14d") == Period(14, Unit.DAYS)
    assert Period.parse(" 5wd ") == Period(5, Unit.WORKING_DAYS)
    with pytest.raises(ValueError):
        Period.parse("14 days")


def test_free_days():
    assert is_free_day(date(2026, 11, 11))  # Independence Day
    assert is_free_day(date(2026, 11, 21))  # Saturday
    assert not is_free_day(date(2026, 11, 23))
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


class TestClock:
    start = at(2026, 11, 2, 10, 0)  # Monday

    def test_states_over_time(self, settings):
        settings.MAGISTRAT_DUE_SOON_DAYS = 3
        clock = Clock(start=self.start, period=Period.parse("14d"))
        assert clock.due_day == date(2026, 11, 16)
        assert clock.status(at(2026, 11, 5, 12)) == Status.OPEN
        # 3 working days up to and including Monday 16th: Thu 12, Fri 13, Mon 16
        assert clock.status(at(2026, 11, 11, 12)) == Status.OPEN
        assert clock.status(at(2026, 11, 12, 0, 1)) == Status.DUE_SOON
        assert clock.status(at(2026, 11, 16, 23, 0)) == Status.DUE_SOON
        assert clock.status(at(2026, 11, 17, 0, 1)) == Status.OVERDUE

    def test_completion(self):
        clock = Clock(start=self.start, period=Period.parse("14d"), completed_at=at(2026, 11, 16, 15))
        assert clock.status(at(2026, 12, 1)) == Status.DONE
        late = Clock(start=self.start, period=Period.parse("14d"), completed_at=at(2026, 11, 17, 9))
        assert late.status() == Status.DONE_LATE

    def test_pause_moves_the_deadline_by_paused_days(self):
        pause = Pause(
            start=at(2026, 11, 5, 9), end=at(2026, 11, 8, 9), reason="waiting for the party's documents"
        )
        clock = Clock(start=self.start, period=Period.parse("14d"), pauses=[pause])
        # 2 Nov + 3 paused days = 5 Nov as start; + 14 days = 19 Nov
        assert clock.due_day == date(2026, 11, 19)

    def test_ongoing_pause(self):
        clock = Clock(
            start=self.start, period=Period.parse("14d"), pauses=[Pause(start=at(2026, 11, 5, 9), end=None)]
        )
        assert clock.status(at(2026, 11, 30)) == Status.PAUSED

    def test_pause_cannot_end_before_it_starts(self):
        with pytest.raises(ValueError):
            Pause(start=at(2026, 11, 5), end=at(2026, 11, 4))

    def test_extension_sets_a_new_date_with_reason(self):
        clock = Clock(
            start=self.start,
            period=Period.parse("14d"),
            extensions=[Extension(new_due=date(2027, 1, 2), reason="art. 13 ust. 2: needs archive search")],
        )
        assert clock.due_day == date(2027, 1, 4)  # 2 Jan 2027 is a Saturday

    def test_hour_clock_due_soon_in_its_last_quarter(self):
        clock = Clock(start=at(2026, 11, 20, 8), period=Period.parse("24h"))
        assert clock.status(at(2026, 11, 21, 1)) == Status.OPEN
        assert clock.status(at(2026, 11, 21, 3)) == Status.DUE_SOON
        assert clock.status(at(2026, 11, 21, 8, 1)) == Status.OVERDUE


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 36))
def test_month_periods_never_end_on_a_free_day_and_stay_close(start, months):
    due = due_date(start, Period(months, Unit.MONTHS))
    raw = add_months(start, months)
    assert not is_free_day(due)
    assert raw <= due <= raw + timedelta(days=5)  # the longest run of free days is short
    assert raw.day == start.day or raw.day < start.day  # same-numbered day or the month's last


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 60))
def test_day_periods_land_on_the_first_working_day_on_or_after_the_raw_end(start, days):
    due = due_date(start, Period(days, Unit.DAYS))
    raw = start + timedelta(days=days)
    assert not is_free_day(due)
    assert all(is_free_day(raw + timedelta(days=i)) for i in range((due - raw).days))
