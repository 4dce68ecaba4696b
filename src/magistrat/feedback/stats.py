"""Honest statistics for ratings: shares with 95% Wilson intervals, and tests of change.

CSAT is reported as the share of satisfied residents (4 or 5 of 5) with its Wilson interval,
which stays within 0–100% and is right for small samples. A cell with fewer than
MIN_RESPONSES ratings is reported as "too few" and never as a bare percentage.
"""

import math
from dataclasses import dataclass

MIN_RESPONSES = 30
Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (successes of n)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (low, high)


def two_proportion_p_value(successes_a: int, n_a: int, successes_b: int, n_b: int) -> float | None:
    """Two-sided p-value of the z-test that two shares differ (None when it cannot be computed)."""
    if n_a == 0 or n_b == 0:
        return None
    pooled = (successes_a + successes_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance == 0:
        return None if successes_a / n_a == successes_b / n_b else 0.0
    z = (successes_a / n_a - successes_b / n_b) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class Share:
    """Satisfied share of a group of ratings."""

    label: str
    n: int
    satisfied: int
    mean: float | None = None
    nps: "Nps | None" = None  # the same group's Net Promoter Score, where it was asked
    dissatisfied: int = 0  # rated 1 or 2 of 5

    @property
    def too_few(self) -> bool:
        return self.n < MIN_RESPONSES

    @property
    def value(self) -> float | None:
        return None if self.too_few else self.satisfied / self.n

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.too_few else wilson_interval(self.satisfied, self.n)

    @property
    def percent(self) -> str:
        return "" if self.value is None else f"{100 * self.value:.0f}"

    @property
    def interval_percent(self) -> str:
        if self.interval is None:
            return ""
        low, high = self.interval
        return f"{100 * low:.0f}–{100 * high:.0f}"


@dataclass(frozen=True)
class Part:
    """`count` of `base` residents (e.g. the dissatisfied who cited waiting time, of the dissatisfied
    who gave a reason); a percentage only once the base is big enough."""

    count: int
    base: int

    @property
    def too_few(self) -> bool:
        return self.base < MIN_RESPONSES

    @property
    def percent(self) -> str:
        return "" if self.too_few else f"{100 * self.count / self.base:.0f}"


def significant_change(previous: Share, current: Share, alpha: float = 0.05) -> bool:
    """Whether the satisfied share changed between two periods beyond chance (both big enough)."""
    if previous.too_few or current.too_few:
        return False
    p = two_proportion_p_value(previous.satisfied, previous.n, current.satisfied, current.n)
    return p is not None and p < alpha


def change_direction(previous: Share, current: Share, alpha: float = 0.05) -> str:
    """ "up" or "down" when the satisfied share changed beyond chance, "" otherwise."""
    if not significant_change(previous, current, alpha):
        return ""
    return "up" if current.satisfied / current.n > previous.satisfied / previous.n else "down"


def traffic_light(share: Share, target_percent: int) -> str:
    """Where a share stands against a target, honestly: "green" when even the lower end of its 95%
    interval reaches the target, "red" when even the upper end stays below, "amber" when the data
    cannot tell yet, "grey" when there are too few ratings to say anything."""
    if share.interval is None:
        return "grey"
    low, high = share.interval
    target = target_percent / 100
    return "green" if low >= target else "red" if high < target else "amber"


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% interval of the Net Promoter Score (in points, −100…100).

    NPS is the difference of two shares of one sample; its variance is
    (p₊ + p₋ − (p₊ − p₋)²) / n (a trinomial), and the interval is the normal one, clipped.
    """
    p_plus, p_minus = promoters / n, detractors / n
    score = p_plus - p_minus
    half = z * math.sqrt(max(0.0, p_plus + p_minus - score * score) / n)
    return (max(-1.0, score - half) * 100, min(1.0, score + half) * 100)


@dataclass(frozen=True)
class Nps:
    """Net Promoter Score of a group: promoters (9–10) minus detractors (0–6), in points."""

    n: int
    promoters: int
    detractors: int

    @property
    def too_few(self) -> bool:
        return self.n < MIN_RESPONSES

    @property
    def value(self) -> float | None:
        return None if self.too_few else 100 * (self.promoters - self.detractors) / self.n

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.too_few else nps_interval(self.promoters, self.detractors, self.n)

    @property
    def score(self) -> str:
        return "" if self.value is None else f"{self.value:+.0f}"

    @property
    def interval_text(self) -> str:
        if self.interval is None:
            return ""
        low, high = self.interval
        return f"{low:+.0f}…{high:+.0f}"
