"""Who is assessed, by whom and when: exclusions, direct superiors and worked date examples
(u.p.s. art. 27 ust. 1, 2, 5, 6, 8) counted by the deadline engine with Polish holidays."""

from datetime import date

import pytest

from magistrat.competence.schedule import direct_superior, exclusion, plan, staff_for_plan, timing
from magistrat.core.deadlines import due_date, legal_period
from tests.competence.conftest import assess

pytestmark = pytest.mark.django_db


def test_officials_are_assessed_and_the_rest_are_told_why(people):
    assert exclusion(people["official"]) == ""
    assert exclusion(people["sa_chief"]) == ""  # managers are officials too
    assert exclusion(people["aux"]) == (
        "not assessed: auxiliary or service (stanowisko pomocnicze i obsługi) — art. 27 ust. 1"
    )
    assert "elected" in exclusion(people["mayor"])
    people["official"].is_active = False
    assert exclusion(people["official"]) == "not assessed: no longer employed"


def test_the_direct_superior_comes_from_the_units(people, office_tree):
    assert direct_superior(people["official"]) == people["sa01_chief"]  # the head of their unit
    assert direct_superior(people["sa01_chief"]) == people["sa_chief"]  # a head: the parent's head
    assert direct_superior(people["sa_chief"]) == people["mayor"]
    assert direct_superior(people["mayor"]) is None
    office_tree["SA-01"].head = None
    office_tree["SA-01"].save()
    assert direct_superior(people["official"]) is None  # nobody stands in for a vacant head


def test_legal_periods_have_their_basis():
    assert str(legal_period("assessment_max_interval")) == "24m"
    assert str(legal_period("assessment_min_interval")) == "6m"
    assert str(legal_period("assessment_after_negative")) == "3m"
    assert str(legal_period("assessment_appeal")) == "7d"
    assert str(legal_period("assessment_appeal_decision")) == "14d"


@pytest.mark.parametrize(
    ("start", "key", "last_day"),
    [
        # 2 May 2025 + 6 months = Sunday 2 November: the period ends on Monday 3 November
        (date(2025, 5, 2), "assessment_min_interval", date(2025, 11, 3)),
        # delivered 17 Dec 2025 + 7 days = 24 Dec (a holiday from 2025), 25-26 Dec, weekend: 29 Dec
        (date(2025, 12, 17), "assessment_appeal", date(2025, 12, 29)),
        # appeal filed 17 Apr 2025 + 14 days = 1 May (Labour Day): decided by Friday 2 May
        (date(2025, 4, 17), "assessment_appeal_decision", date(2025, 5, 2)),
        # 29 Feb 2024 + 24 months = 28 Feb 2026, a Saturday: Monday 2 March 2026
        (date(2024, 2, 29), "assessment_max_interval", date(2026, 3, 2)),
        (date(2025, 8, 7), "assessment_after_negative", date(2025, 11, 7)),
    ],
)
def test_worked_examples(start, key, last_day):
    assert due_date(start, legal_period(key)) == last_day


def test_after_a_positive_assessment(people):
    made = assess(
        people["official"], by=people["sa01_chief"], on=date(2025, 5, 1), delivered=date(2025, 5, 5)
    )
    assert made.assessed_on == date(2025, 5, 2)
    when = timing(people["official"], today=date(2025, 6, 1))
    assert when.previous == made
    assert when.earliest == date(2025, 11, 4)  # the day after the 6 months ran out (3 Nov)
    assert when.due_by == date(2027, 5, 4)  # 2 May 2027 is a Sunday, 3 May a holiday


def test_after_a_negative_assessment(people):
    made = assess(
        people["official"],
        by=people["sa01_chief"],
        on=date(2025, 7, 29),
        value=2,
        delivered=date(2025, 7, 31),
    )
    assert made.outcome == "negative"
    assert made.appeal_until == date(2025, 8, 7)
    assert timing(people["official"], today=date(2025, 8, 5)).in_progress == made  # still open to an appeal
    when = timing(people["official"], today=date(2025, 9, 1))
    assert made.ended_on(date(2025, 9, 1)) == date(2025, 8, 7)
    # art. 27 ust. 8: no sooner than 3 months after it ended (7 Aug + 3 m = 7 Nov): from 8 Nov,
    # sooner than the 6 months of ust. 2; due within the order's 6 months (7 Feb 2026, a Saturday)
    assert when.earliest == date(2025, 11, 8)
    assert when.due_by == date(2026, 2, 9)


def test_the_plan_lists_who_is_due(people):
    rows = {r.staff.pk: r for r in plan(staff_for_plan().all(), today=date(2022, 2, 1))}
    assert rows[people["aux"].pk].status == "excluded"
    assert rows[people["mayor"].pk].status == "excluded"
    # employed 2 March 2020: the first assessment is due by 2 March 2022, warned 60 days before
    assert rows[people["official"].pk].timing.due_by == date(2022, 3, 2)
    assert rows[people["official"].pk].status == "due_soon"
    assert rows[people["official"].pk].superior == people["sa01_chief"]
