"""The residents' ratings as KPI sources (`performance.sources`, registered from `FeedbackConfig.ready()`):
CSAT, the share of satisfied residents (4 or 5 of 5) with its 95% Wilson interval, and the Net
Promoter Score where the surveys ask it, with its interval. A period with fewer ratings than the
minimum sample (`stats.MIN_RESPONSES`) has no value, only its sample: the chart leaves a gap
rather than show a percentage of a handful. A unit's KPI counts the unit and the units below it.
Figures come from the daily rollups (exact: `rollups.py`), the whole series in one read."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.feedback.rollups import Figures, Scope, totals
from magistrat.org.models import Unit
from magistrat.performance.sources import KpiSource, Value, bucket, register_source


def _figures(periods: list[tuple[date, date]], unit) -> list[Figures]:
    unit_ids = frozenset(Unit.objects.subtree_ids([unit.pk])) if unit is not None else None
    by_day = totals(Scope(first=periods[0][0], last=periods[-1][1], unit_ids=unit_ids), "day")
    found = [Figures() for _period in periods]
    for day, figures in by_day.items():
        index = bucket(periods, day)
        if index is not None:
            found[index].add(figures.as_fields())
    return found


def _url(unit) -> str:
    return reverse("feedback:dashboard") + "?group=month" + (f"&unit={unit.code}" if unit is not None else "")


def csat_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    values = []
    for figures in _figures(periods, unit):
        share = figures.share()
        interval = share.interval
        values.append(
            Value(
                value=None if share.value is None else 100 * share.value,
                sample=share.n,
                low=None if interval is None else 100 * interval[0],
                high=None if interval is None else 100 * interval[1],
                records_url=_url(unit),
                data={"satisfied": share.satisfied},
            )
        )
    return values


def nps_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    values = []
    for figures in _figures(periods, unit):
        nps = figures.share().nps
        interval = nps.interval if nps is not None else None
        values.append(
            Value(
                value=None if nps is None else nps.value,
                sample=nps.n if nps is not None else 0,
                low=None if interval is None else interval[0],
                high=None if interval is None else interval[1],
                records_url=_url(unit),
            )
        )
    return values


def csat(*, start: date, end: date, unit=None) -> Value:
    return csat_series(periods=[(start, end)], unit=unit)[0]


def nps(*, start: date, end: date, unit=None) -> Value:
    return nps_series(periods=[(start, end)], unit=unit)[0]


SOURCES = [
    KpiSource(
        code="feedback.csat",
        label=_("Satisfied residents, CSAT (%)"),
        unit_of_measure="%",
        compute=csat,
        compute_series=csat_series,
        description=_(
            "Share of ratings of 4 or 5 of 5 in the period, with its 95% Wilson interval; "
            "no value below the minimum sample."
        ),
    ),
    KpiSource(
        code="feedback.nps",
        label=_("Net Promoter Score (points)"),
        unit_of_measure="pkt",
        compute=nps,
        compute_series=nps_series,
        description=_(
            "Promoters (9–10) minus detractors (0–6) of the ratings that answered the recommendation "
            "question, in points, with its 95 per cent confidence interval; no value below the minimum "
            "sample."
        ),
    ),
]


def register() -> None:
    for source in SOURCES:
        register_source(source)


register()  # imported from the app's ready(): the sources are in the registry from start-up
