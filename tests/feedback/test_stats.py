import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magistrat.feedback.stats import (
    MIN_RESPONSES,
    Share,
    significant_change,
    two_proportion_p_value,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # textbook example (Newcombe 1998)
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_worked_examples(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=5e-4) and got_high == pytest.approx(high, abs=5e-4)


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_wilson_interval_contains_the_share_and_stays_in_range(successes, n):
    successes = min(successes, n)
    low, high = wilson_interval(successes, n)
    assert 0 <= low <= successes / n <= high <= 1


def test_two_proportion_test():
    # 90/100 vs 70/100: z ≈ 3.54, p ≈ 0.0004
    assert two_proportion_p_value(90, 100, 70, 100) == pytest.approx(0.000402, abs=2e-5)
    assert two_proportion_p_value(50, 100, 50, 100) == pytest.approx(1.0)
    assert two_proportion_p_value(1, 0, 1, 1) is None
    assert math.isclose(two_proportion_p_value(10, 10, 10, 10) or 1, 1)


def test_small_cells_are_never_a_bare_percentage():
    small = Share("x", n=MIN_RESPONSES - 1, satisfied=MIN_RESPONSES - 1)
    assert small.too_few and small.value is None and small.percent == "" and small.interval is None
    big = Share("y", n=100, satisfied=80)
    assert big.percent == "80" and big.interval_percent == "71–87"


def test_significant_change_needs_enough_data_and_a_real_difference():
    assert significant_change(Share("a", 200, 180), Share("b", 200, 140))
    assert not significant_change(Share("a", 200, 180), Share("b", 200, 176))
    assert not significant_change(Share("a", 20, 20), Share("b", 20, 2))


def test_nps_worked_example():
    from magistrat.feedback.stats import Nps

    # 50 promoters, 20 detractors of 100: NPS 30; variance (0.5 + 0.2 − 0.3²)/100 = 0.0061,
    # half-width 1.96 × 0.0781 = 15.3 points.
    nps = Nps(n=100, promoters=50, detractors=20)
    assert nps.score == "+30"
    low, high = nps.interval
    assert (round(low, 1), round(high, 1)) == (14.7, 45.3)
    assert Nps(n=29, promoters=29, detractors=0).score == ""  # too few: never a bare score
    assert Nps(n=40, promoters=40, detractors=0).interval == (100.0, 100.0)
