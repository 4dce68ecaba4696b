"""Worked examples for the periods of public information requests and petitions (deadline engine)."""

from datetime import date, datetime

from magistrat.core.deadlines import WARSAW, Clock, Extension, due_date, legal_period


def test_public_information_reply_14_days_shifts_past_sunday_and_3_may():
    # Received Sunday 19 April 2026: day 14 is Sunday 3 May (also Constitution Day) → Monday 4 May.
    assert due_date(date(2026, 4, 19), legal_period("public_info_reply")) == date(2026, 5, 4)
    assert due_date(date(2026, 4, 30), legal_period("public_info_reply")) == date(2026, 5, 14)


def test_public_information_extension_runs_two_months_from_receipt():
    received = datetime(2026, 1, 30, 10, 0, tzinfo=WARSAW)
    latest = due_date(received, legal_period("public_info_extension"))
    assert latest == date(2026, 3, 30)  # 30 January + 2 months
    clock = Clock(
        start=received, period=legal_period("public_info_reply"), extensions=[Extension(latest, "złożoność")]
    )
    assert clock.due_day == date(2026, 3, 30)


def test_petition_three_months_and_appeal_14_days():
    # Filed 30 November 2026: 28 February 2027 is a Sunday → Monday 1 March 2027.
    assert due_date(date(2026, 11, 30), legal_period("petition_reply")) == date(2027, 3, 1)
    # A refusal delivered Wednesday 23 December 2026: day 14 is Wednesday 6 January (Epiphany) → 7 January.
    assert due_date(date(2026, 12, 23), legal_period("decision_appeal")) == date(2027, 1, 7)
