"""Computed KPIs: each ended period's value from the KPI's registered source (`performance.sources`).

Computing is idempotent: a period whose figures did not change is not written again, and one named
event per KPI says which periods changed. Rows are written in bulk (update on conflict): a two-year
monthly series is one read from the source and one write."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from magistrat.core.audit import append_entries, build_entry
from magistrat.performance.models import Kpi, KpiValue, Objective
from magistrat.performance.periods import last_ended, periods_between
from magistrat.performance.sources import Value, compute_series

FIGURES = ("value", "sample", "low", "high", "records_url")


def series_periods(kpi: Kpi, today: date) -> list[tuple[date, date]]:
    """The KPI's periods from the first year of its objective to the last one ended before today."""
    objective = kpi.objective
    _start, last = last_ended(today, kpi.frequency)
    last = min(last, date(objective.year_to, 12, 31))
    return periods_between(date(objective.year_from, 1, 1), last, kpi.frequency)


def _rounded(number: float | None) -> float | None:
    return None if number is None else round(float(number), 6)


def kpi_compute(
    *, kpi: Kpi, by=None, today: date | None = None, periods: list[tuple[date, date]] | None = None
) -> int:
    """Compute the KPI's values for `periods` (by default every ended period); returns how many
    periods were written (new or changed)."""
    return kpis_compute_many(kpis=[kpi], by=by, today=today, periods=periods)


@transaction.atomic
def kpis_compute_many(
    *, kpis: list[Kpi], by=None, today: date | None = None, periods: list[tuple[date, date]] | None = None
) -> int:
    """Compute several KPIs at once: their sources read per KPI, the stored values read in one query,
    every changed value written in one bulk upsert and the events appended in one batch."""
    today = today or timezone.localdate()
    wanted: dict[int, list[tuple[date, date]]] = {}
    for kpi in kpis:
        if kpi.is_manual:
            continue
        chosen = periods if periods is not None else series_periods(kpi, today)
        chosen = [p for p in chosen if p[1] < today]
        if chosen:
            wanted[kpi.pk] = chosen
    if not wanted:
        return 0
    known: dict[tuple[int, date], dict] = {}
    starts = {start for chosen in wanted.values() for start, _end in chosen}
    stored = KpiValue.objects.filter(kpi_id__in=list(wanted), period_start__in=starts)
    for row in stored.values("kpi_id", "period_start", *FIGURES):
        known[(row["kpi_id"], row["period_start"])] = row
    now = timezone.now()
    rows: list[KpiValue] = []
    entries = []
    for kpi in kpis:
        if kpi.pk not in wanted:
            continue
        chosen = wanted[kpi.pk]
        values: list[Value] = compute_series(kpi.source, periods=chosen, unit=kpi.unit)
        changed = []
        for (start, end), value in zip(chosen, values, strict=True):
            figures = {
                "value": _rounded(value.value),
                "sample": value.sample,
                "low": _rounded(value.low),
                "high": _rounded(value.high),
                "records_url": value.records_url[:500],
            }
            old = known.get((kpi.pk, start))
            if old is not None and all(old[name] == figures[name] for name in FIGURES):
                continue
            changed.append(
                KpiValue(
                    kpi=kpi,
                    period_start=start,
                    period_end=end,
                    computed=True,
                    created_at=now,
                    updated_at=now,
                    **figures,
                )
            )
        if changed:
            rows += changed
            entries.append(
                build_entry(
                    obj=kpi,
                    action="performance.kpi.values_computed",
                    user=by,
                    data={
                        "kpi": kpi.name,
                        "periods": len(chosen),
                        "changed_periods": [row.period_start.isoformat() for row in changed][:60],
                    },
                )
            )
    if not rows:
        return 0
    KpiValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["kpi", "period_start"],
        update_fields=["period_end", "computed", "updated_at", *FIGURES],
        batch_size=1000,
    )
    append_entries(entries)
    return len(rows)


def computed_kpis():
    return (
        Kpi.objects.exclude(source="manual")
        .filter(objective__state=Objective.State.ACTIVE)
        .select_related("objective", "unit")
        .order_by("pk")
    )


def kpis_compute(*, by=None, today: date | None = None, only_last: bool = False) -> int:
    """Every active computed KPI: its whole series (the quality manager's "recompute"), or only the
    period that ended last (the nightly job). Returns how many values were written."""
    today = today or timezone.localdate()
    kpis = list(computed_kpis())
    if not only_last:
        return kpis_compute_many(kpis=kpis, by=by, today=today)
    written = 0
    for frequency in {kpi.frequency for kpi in kpis}:
        period = last_ended(today, frequency)
        group = [
            k
            for k in kpis
            if k.frequency == frequency and k.objective.year_from <= period[0].year <= k.objective.year_to
        ]
        written += kpis_compute_many(kpis=group, by=by, today=today, periods=[period])
    return written
