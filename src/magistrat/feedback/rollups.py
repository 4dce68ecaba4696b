"""Daily pre-aggregates of ratings, so that the dashboard adds up thousands of rows, not millions.

Three rollups per local (Warsaw) day, of ratings not excluded from statistics: `RatingDay` by
unit, service point, service and channel; `RatingSlot` by hour (the heatmap); `RatingReason` by
reason tag. Reads combine the rollups for the days that are built and clean with the ratings
themselves for today, for days not built yet and for days marked dirty (a late offline rating,
an exclusion). A figure is therefore always exact; the rollups only make it fast.

`refresh()` runs every few minutes from the worker's schedule: it builds the days up to
yesterday and rebuilds the dirty ones.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.tasks import task
from django.utils import timezone

from magistrat.core.deadlines import WARSAW
from magistrat.feedback.models import (
    DirtyDay,
    RatingDay,
    RatingReason,
    RatingSlot,
    Response,
    RollupState,
)
from magistrat.feedback.stats import Nps, Share

LIVE = {  # the measures counted from the ratings themselves…
    "n": Count("id", filter=Q(csat__isnull=False)),
    "satisfied": Count("id", filter=Q(csat__gte=4)),
    "dissatisfied": Count("id", filter=Q(csat__lte=2)),
    "csat_sum": Sum("csat", default=0),
    "nps_n": Count("id", filter=Q(nps__isnull=False)),
    "promoters": Count("id", filter=Q(nps__gte=9)),
    "detractors": Count("id", filter=Q(nps__lte=6)),
}
SUMMED = {name: Sum(name) for name in LIVE}  # …and added up from rollup rows
BUILD_CHUNK_DAYS = 31
# The reasons rollup also counts, under this key, every rating that gave at least one reason: the
# base of "share of dissatisfied residents who said why and cited waiting time".
ANY_REASON = "*"


@dataclass
class Figures:
    """Additive counts of a group of ratings; `share` and `nps` turn them into honest statistics."""

    n: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    csat_sum: int = 0
    nps_n: int = 0
    promoters: int = 0
    detractors: int = 0

    def add(self, row: Mapping[str, Any]) -> None:
        for name in LIVE:
            setattr(self, name, getattr(self, name) + (row.get(name) or 0))

    def count(self, csat: int | None, nps: int | None) -> None:
        """Add one rating."""
        if csat is not None:
            self.n += 1
            self.satisfied += csat >= 4
            self.dissatisfied += csat <= 2
            self.csat_sum += csat
        if nps is not None:
            self.nps_n += 1
            self.promoters += nps >= 9
            self.detractors += nps <= 6

    def share(self, label: str = "") -> Share:
        mean = self.csat_sum / self.n if self.n else None
        nps = Nps(self.nps_n, self.promoters, self.detractors)
        return Share(label, self.n, self.satisfied, mean, nps, dissatisfied=self.dissatisfied)

    def as_fields(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Scope:
    """Which ratings: local days `first`…`last` (inclusive), optionally only some units or points
    and one channel."""

    first: date
    last: date
    unit_ids: frozenset[int] | None = None
    point_ids: frozenset[int] | None = None
    channel: str = ""

    def filters(self) -> Q:
        q = Q()
        if self.unit_ids is not None:
            q &= Q(unit_id__in=self.unit_ids)
        if self.point_ids is not None:
            q &= Q(point_id__in=self.point_ids)
        if self.channel:
            q &= Q(channel=self.channel)
        return q


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=WARSAW)


def local_day(moment: datetime) -> date:
    return moment.astimezone(WARSAW).date()


def _split(scope: Scope) -> tuple[Q | None, Q | None]:
    """(filter of rollup rows, filter of ratings to count live); None where that source has nothing."""
    state = RollupState.objects.first()
    yesterday = timezone.localdate() - timedelta(days=1)
    built = min(state.built_through, yesterday) if state and state.built_through else None
    rollup_last = min(scope.last, built) if built else None
    if rollup_last is None or rollup_last < scope.first:
        return None, _between(scope.first, scope.last)
    dirty = sorted(
        DirtyDay.objects.filter(day__gte=scope.first, day__lte=rollup_last).values_list("day", flat=True)
    )
    rollup_q = Q(day__gte=scope.first, day__lte=rollup_last) & ~Q(day__in=dirty)
    live = [_between(day, day) for day in dirty]
    if rollup_last < scope.last:
        live.append(_between(rollup_last + timedelta(days=1), scope.last))
    live_q = None
    for part in live:
        live_q = part if live_q is None else live_q | part
    return rollup_q, live_q


def _between(first: date, last: date) -> Q:
    return Q(submitted_at__gte=midnight(first), submitted_at__lt=midnight(last + timedelta(days=1)))


def _counted() -> QuerySet[Response]:
    return Response.objects.filter(excluded=False).filter(Q(csat__isnull=False) | Q(nps__isnull=False))


def _gather(scope: Scope, rollup: QuerySet, keys: tuple[str, ...], annotate_live: dict) -> dict:
    rollup_q, live_q = _split(scope)
    found: dict = defaultdict(Figures)
    sources = []
    if rollup_q is not None:
        sources.append(rollup.filter(rollup_q & scope.filters()).values(*keys).annotate(**SUMMED))
    if live_q is not None:
        live = _counted().filter(live_q & scope.filters()).annotate(**annotate_live)
        sources.append(live.values(*keys).annotate(**LIVE))
    for rows in sources:
        for row in rows.order_by():
            found[tuple(row[key] for key in keys) if len(keys) != 1 else row[keys[0]]].add(row)
    return found


GROUPINGS = ("unit", "point", "service", "channel", "day")


def totals(scope: Scope, by: str) -> dict:
    """Figures per unit, point or service id, channel or local day (`by`), or one total (`by` = "")."""
    if by == "":
        found = _gather(scope, RatingDay.objects.all(), ("channel",), {})
        total = Figures()
        for figures in found.values():
            total.add(figures.as_fields())
        return {"": total}
    live = {"day": TruncDate("submitted_at", tzinfo=WARSAW)} if by == "day" else {}
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping: {by}")
    return dict(_gather(scope, RatingDay.objects.all(), (by,), live))


def slots(scope: Scope) -> dict[tuple[int, int], Figures]:
    """Figures per (ISO weekday, hour) in Warsaw time."""
    live = {
        "weekday": ExtractIsoWeekDay("submitted_at", tzinfo=WARSAW),
        "hour": ExtractHour("submitted_at", tzinfo=WARSAW),
    }
    return dict(_gather(scope, RatingSlot.objects.all(), ("weekday", "hour"), live))


def reasons(scope: Scope) -> dict[str, Figures]:
    """Figures per reason tag chosen, and under ANY_REASON the ratings that gave any reason."""
    rollup_q, live_q = _split(scope)
    found: dict[str, Figures] = defaultdict(Figures)
    if rollup_q is not None:
        rows = RatingReason.objects.filter(rollup_q & scope.filters()).values("reason").annotate(**SUMMED)
        for row in rows.order_by():
            found[row["reason"]].add(row)
    if live_q is not None:
        ratings = _counted().filter(live_q & scope.filters(), answers__has_key="reasons")
        for answers, csat, nps in ratings.values_list("answers", "csat", "nps").iterator():
            for reason in _given(answers):
                found[reason].count(csat, nps)
    return dict(found)


def _given(answers: dict) -> list[str]:
    """The reason tags of one rating, plus ANY_REASON once if it gave any."""
    chosen = [reason for reason in answers.get("reasons") or [] if reason != ANY_REASON]
    return [*chosen, ANY_REASON] if chosen else []


# Writing the rollups


def mark_dirty(days: Iterable[date]) -> None:
    """Ratings of these days changed: read them live until their rollup is rebuilt."""
    today = timezone.localdate()
    for day in {d for d in days if d < today}:  # today is always read live
        if not DirtyDay.objects.filter(day=day).update(generation=F("generation") + 1):
            DirtyDay.objects.bulk_create([DirtyDay(day=day)], ignore_conflicts=True)


def _chunks(days: list[date], size: int) -> Iterator[list[date]]:
    for start in range(0, len(days), size):
        yield days[start : start + size]


def rebuild(days: Iterable[date]) -> int:
    """Aggregate these days anew from the ratings; returns the number of rollup rows written."""
    written = 0
    for chunk in _chunks(sorted(set(days)), BUILD_CHUNK_DAYS):
        # Read the dirty marks before the ratings: a mark that changes meanwhile survives the rebuild.
        generations = dict(DirtyDay.objects.filter(day__in=chunk).values_list("day", "generation"))
        with transaction.atomic():
            for model in (RatingDay, RatingSlot, RatingReason):
                model.objects.filter(day__in=chunk).delete()
            written += _build(chunk)
            for day, generation in generations.items():
                DirtyDay.objects.filter(day=day, generation=generation).delete()
    return written


def _measures(row: Mapping[str, Any]) -> dict[str, int]:
    return {name: row[name] for name in LIVE}


def _build(days: list[date]) -> int:
    ratings = (
        _counted()
        .filter(_between(days[0], days[-1]))
        .annotate(day=TruncDate("submitted_at", tzinfo=WARSAW))
        .filter(day__in=days)
    )
    by_day = ratings.values("day", "unit", "point", "service", "channel").annotate(**LIVE).order_by()
    day_rows = [
        RatingDay(
            day=row["day"],
            unit_id=row["unit"],
            point_id=row["point"],
            service_id=row["service"],
            channel=row["channel"],
            **_measures(row),
        )
        for row in by_day
    ]
    by_hour = (
        ratings.annotate(hour=ExtractHour("submitted_at", tzinfo=WARSAW))
        .values("day", "hour", "unit", "channel")
        .annotate(**LIVE)
        .order_by()
    )
    slot_rows = [
        RatingSlot(
            day=row["day"],
            weekday=row["day"].isoweekday(),
            hour=row["hour"],
            unit_id=row["unit"],
            channel=row["channel"],
            **_measures(row),
        )
        for row in by_hour
    ]
    by_reason: dict[tuple, Figures] = defaultdict(Figures)
    chosen = ratings.filter(answers__has_key="reasons").values_list(
        "day", "unit", "channel", "answers", "csat", "nps"
    )
    for day, unit_id, channel, answers, csat, nps in chosen.iterator(chunk_size=5000):
        for reason in _given(answers):
            by_reason[(day, unit_id, channel, reason)].count(csat, nps)
    reason_rows = [
        RatingReason(day=day, unit_id=unit_id, channel=channel, reason=reason, **figures.as_fields())
        for (day, unit_id, channel, reason), figures in by_reason.items()
    ]
    RatingDay.objects.bulk_create(day_rows, batch_size=5000)
    RatingSlot.objects.bulk_create(slot_rows, batch_size=5000)
    RatingReason.objects.bulk_create(reason_rows, batch_size=5000)
    return len(day_rows) + len(slot_rows) + len(reason_rows)


def refresh(*, today: date | None = None) -> int:
    """Build the days up to yesterday not built yet and rebuild the dirty ones; returns rows written."""
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    state = RollupState.objects.first() or RollupState.objects.create()
    days = set(DirtyDay.objects.filter(day__lt=today).values_list("day", flat=True))
    start = state.built_through + timedelta(days=1) if state.built_through else None
    if start is None:
        oldest = Response.objects.aggregate(oldest=Min("submitted_at"))["oldest"]
        start = local_day(oldest) if oldest else today
    days |= {start + timedelta(days=n) for n in range((yesterday - start).days + 1)}
    written = rebuild(days)
    if state.built_through is None or state.built_through < yesterday:
        state.built_through = yesterday
        state.save(update_fields=["built_through"])
    return written


@task()
def refresh_rollups() -> int:
    return refresh()
