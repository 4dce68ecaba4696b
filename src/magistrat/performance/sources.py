"""Where computed KPI values come from: a registry the other modules fill from their `AppConfig.ready()`.

ISO 9001 9.1 asks the office to measure what matters with data it can trust. A KPI is either entered
by hand (who and when are kept) or computed from Magistrat's own records by a registered `KpiSource`:
satisfaction from the residents' ratings (with its interval), the share of complaints / requests for
public information / petitions closed on time, security incidents, overdue corrective actions,
mandatory-training compliance… The performance module knows none of those modules
(`tests/test_layers.py`): each registers its sources, and a new module adds its own.

A source computes one value for one period and an optional organisational unit (a unit's KPI counts
that unit's subtree; an office KPI counts everything):

    register_source(KpiSource(
        code="registers.complaints_on_time",
        label=_("Complaints answered on time (%)"),
        unit_of_measure="%",
        compute=complaints_on_time,   # (*, start: date, end: date, unit: Unit | None) -> Value
    ))

`Value.value` is None when there was nothing to measure in the period (no ratings, no cases): the
chart leaves a gap instead of drawing a zero.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Value:
    """One computed figure: the value, how many records it rests on, its interval where the source has
    one (e.g. Wilson's for a share of ratings), and where the records are (a staff URL)."""

    value: float | None
    sample: int | None = None
    low: float | None = None
    high: float | None = None
    records_url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KpiSource:
    code: str  # "<app>.<measure>", stored on the KPI
    label: Any  # a lazy translation
    unit_of_measure: str  # "%", "pkt", "szt." … as shown next to values
    compute: Callable[..., Value]  # (*, start: date, end: date, unit) -> Value
    description: Any = ""  # how it is computed, shown on the KPI's page (a lazy translation)
    # The natural reading: "higher" is better (on-time share) or "lower" (incidents, overdue actions).
    direction: str = "higher"
    # Optional: every period at once, (*, periods: list[tuple[date, date]], unit) -> list[Value], so a
    # two-year series costs one query, not one per month; without it `compute` is called per period.
    compute_series: Callable[..., list[Value]] | None = None
    # The records have no unit (security incidents are the office's): only an office KPI may use it.
    office_only: bool = False


_sources: dict[str, KpiSource] = {}


def register_source(source: KpiSource) -> None:
    """Called from an app's ready(); registering the same source again is harmless."""
    known = _sources.get(source.code)
    if known is not None and known != source:
        raise ImproperlyConfigured(f"KPI source {source.code!r} is registered twice, differently.")
    _sources[source.code] = source


def registered_sources() -> list[KpiSource]:
    return sorted(_sources.values(), key=lambda source: source.code)


def get_source(code: str) -> KpiSource | None:
    return _sources.get(code)


def compute(code: str, *, start: date, end: date, unit=None) -> Value:
    source = _sources.get(code)
    if source is None:
        raise LookupError(f"No KPI source {code!r} is registered.")
    return source.compute(start=start, end=end, unit=unit)


def compute_series(code: str, *, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    """Values of several periods (in the order given), in one pass where the source can."""
    source = _sources.get(code)
    if source is None:
        raise LookupError(f"No KPI source {code!r} is registered.")
    if not periods:
        return []
    if source.compute_series is not None:
        return list(source.compute_series(periods=periods, unit=unit))
    return [source.compute(start=start, end=end, unit=unit) for start, end in periods]


def bucket(periods: list[tuple[date, date]], day: date) -> int | None:
    """Index of the period (sorted, not overlapping) containing `day`, for sources that count rows
    of a whole series in one query."""
    from bisect import bisect_right

    starts = [start for start, _end in periods]
    index = bisect_right(starts, day) - 1
    if index < 0 or day > periods[index][1]:
        return None
    return index
