"""Benchmark: computing KPI values from the modules' data, 100 KPIs × 24 months.

Target (issue: quality management): the values of 100 computed KPIs over 24 monthly periods are
computed in under 2 s on PostgreSQL with 2 cores.

Prepares a fresh database with the small demo office (PostgreSQL when DATABASE_URL points to one,
in a database of its own on that server; else SQLite in a temporary directory), then adds two
years of data in bulk (through the ORM, skipping the per-object audit entries): 100,000 ratings
across the service points, 5,000 corrective actions, 300 security incidents, and 100 computed
KPIs spread over the registered sources (CSAT, NPS, cases closed on time, incidents, overdue
actions), for the office and for units. Measures in a fresh process, as the nightly job would run:
cold (every value new: 2,400 written), warm (the same again: nothing changed, nothing written),
and rewrite (the values deleted, computed again with warm caches). Cold is measured with the URLconf
already loaded, as in a worker.

Run: .venv/bin/python bench/performance_kpis.py [--kpis 100] [--months 24] [--reuse DIR]
"""

import argparse
import random
import time
from datetime import date, datetime, timedelta

from benchdb import BenchDatabase, bulk_ratings

DB = BenchDatabase("magistrat_bench_kpis")


def prepare(data_dir: str, kpis: int) -> None:
    DB.seed_small_demo(data_dir)
    started = time.perf_counter()
    generate(kpis)
    print(f"generated in {time.perf_counter() - started:.0f} s")
    DB.analyze()


def generate(kpi_count: int) -> None:
    from magistrat.core.deadlines import WARSAW
    from magistrat.isms.models import Incident
    from magistrat.org.models import RoleAssignment, Unit
    from magistrat.performance.models import Kpi, Objective
    from magistrat.quality.models import Action

    rng = random.Random(12)
    today = date.today()
    start = today - timedelta(days=730)
    manager = RoleAssignment.objects.filter(role="quality_manager").first().user
    bulk_ratings(100_000, start, rng)
    units = list(Unit.objects.filter(parent__isnull=False))
    actions = []
    for n in range(5000):
        due = start + timedelta(days=rng.randint(0, 740))
        done = rng.random() < 0.7
        done_at = datetime.combine(
            due + timedelta(days=rng.randint(-20, 30)), datetime.min.time(), tzinfo=WARSAW
        )
        actions.append(
            Action(
                title=f"Działanie {n}",
                owner=manager,
                unit=rng.choice(units),
                due_on=due,
                state="done" if done else "open",
                done_at=done_at if done else None,
                done_by=manager if done else None,
                created_by=manager,
            )
        )
    Action.objects.bulk_create(actions, batch_size=5000)
    incidents = []
    for n in range(300):
        moment = datetime.combine(
            start + timedelta(days=rng.randint(0, 729)), datetime.min.time(), tzinfo=WARSAW
        )
        incidents.append(
            Incident(
                number=f"BENCH/{n}",
                title="Incydent",
                description="…",
                detected_at=moment,
                aware_at=moment,
                severity="low",
                handler=manager,
            )
        )
    Incident.objects.bulk_create(incidents)
    office = Objective.objects.create(
        title="Benchmark", level="office", owner=manager, year_from=start.year, year_to=today.year + 1
    )
    codes = [
        "feedback.csat",
        "feedback.nps",
        "registers.complaints_on_time",
        "registers.info_requests_on_time",
        "registers.petitions_on_time",
        "quality.actions_overdue",
        "isms.incidents",
    ]
    by_unit = {}
    kpis = []
    for n in range(kpi_count):
        code = codes[n % len(codes)]
        unit = None if code == "isms.incidents" or n % 4 == 0 else units[n % len(units)]
        if unit is not None and unit.pk not in by_unit:
            by_unit[unit.pk] = Objective.objects.create(
                title=f"Benchmark {unit.code}",
                level="unit",
                unit=unit,
                parent=office,
                owner=manager,
                year_from=start.year,
                year_to=today.year + 1,
            )
        lower = code in ("quality.actions_overdue", "isms.incidents")
        kpis.append(
            Kpi(
                objective=by_unit[unit.pk] if unit is not None else office,
                name=f"KPI {n}",
                source=code,
                direction="lower" if lower else "higher",
                target=1 if lower else 90,
                amber_threshold=2 if lower else 90,
                red_threshold=5 if lower else 80,
                frequency="monthly",
                owner=manager,
                unit=unit,
            )
        )
    Kpi.objects.bulk_create(kpis)


def measure(months: int) -> None:
    from django.db import connection

    from magistrat.feedback.models import Response
    from magistrat.performance.models import Kpi, KpiValue
    from magistrat.performance.periods import last_ended, periods_between
    from magistrat.performance.services.compute import kpis_compute_many

    today = date.today()
    kpis = list(
        Kpi.objects.exclude(source="manual")
        .filter(name__startswith="KPI ")
        .select_related("objective", "unit")
    )
    _start, last = last_ended(today, "monthly")
    periods = periods_between(last - timedelta(days=31 * months - 20), last, "monthly")[-months:]
    ratings = Response.objects.count()
    print(f"{connection.vendor}: {len(kpis)} KPIs × {len(periods)} months · ratings {ratings:,}")
    # Values of the KPIs (none after a fresh preparation; a --reuse run starts cold again).
    KpiValue.objects.filter(kpi__in=kpis)._raw_delete(connection.alias)

    # A worker has its URLconf loaded before the job runs (sources link to their records' pages).
    from django.urls import reverse

    reverse("core:home")

    def run(label: str) -> None:
        started = time.perf_counter()
        written = kpis_compute_many(kpis=kpis, today=today, periods=periods)
        elapsed = time.perf_counter() - started
        verdict = "OK" if elapsed < 2 else "over the 2 s target"
        print(f"{label:8} {elapsed * 1000:7.0f} ms  ({written:,} values written)  {verdict}")

    run("cold")
    run("warm")
    KpiValue.objects.filter(kpi__in=kpis)._raw_delete(connection.alias)
    run("rewrite")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpis", type=int, default=100)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--reuse", help="a data directory prepared by an earlier run")
    args = parser.parse_args()
    # Measured in a fresh process, as the nightly job runs in a worker.
    DB.run(
        args,
        prepare=lambda data_dir: prepare(data_dir, args.kpis),
        measure=lambda: measure(args.months),
        prefix="magistrat-bench-kpis-",
    )


if __name__ == "__main__":
    main()
