"""Benchmark: the competence gap matrix at the size of a large city office.

Targets (issue: competence development): with 3,000 staff and 60 competences, the office's gap
matrix answers with p95 under 300 ms and one unit's under 100 ms.

Prepares a fresh database with the small demo office (PostgreSQL when DATABASE_URL points to one,
in a database of its own on that server; else SQLite in a temporary directory), then adds in bulk
(through the ORM, skipping the per-object audit entries a user's edits would write): staff up to
3,000 across the units, competences up to 60, 30 positions each requiring 20-30 of them, and every
person's assessed levels of their required competences, a third of them with an older record in
the history. Measures in a fresh process, as a server worker would be: the office matrix (groups,
and the competences of one group) and the largest unit's staff × competences matrix, through
Django's test client as the HR officer, first request (cold) and p50/p95 of the repeats (warm).

Run: .venv/bin/python bench/competence_gap.py [--staff 3000 --competences 60] [--repeat 20] [--reuse DIR]
"""

import random
import time
from datetime import date, timedelta

from benchdb import BenchDatabase, arguments, bulk_staff, print_verdict, signed_in_client, time_page

DB = BenchDatabase("magistrat_bench_competence")


def prepare(data_dir: str, staff: int, competences: int) -> None:
    DB.seed_small_demo(data_dir)
    started = time.perf_counter()
    generate(staff, competences)
    print(f"generated in {time.perf_counter() - started:.0f} s")
    DB.analyze()


def generate(staff_count: int, competence_count: int) -> None:
    from magistrat.competence.models import Competence, LevelRecord, PositionRequirement
    from magistrat.org.models import Position, RoleAssignment

    rng = random.Random(72)
    today = date.today()
    hr = RoleAssignment.objects.filter(role="hr_officer").first().user
    scale = [{"value": v, "label": f"poziom {v}", "description": ""} for v in (1, 2, 3, 4)]
    groups = list(Competence.Group.values)
    Competence.objects.bulk_create(
        [
            Competence(code=f"bench-{n}", name=f"Kompetencja {n:02d}", group=groups[n % 6], levels=scale)
            for n in range(max(0, competence_count - Competence.objects.count()))
        ]
    )
    competences = list(Competence.objects.all())
    Position.objects.bulk_create([Position(name=f"Stanowisko B{n:02d}") for n in range(30)])
    positions = list(Position.objects.filter(name__startswith="Stanowisko B"))
    requirements = []
    for position in positions:
        for competence in rng.sample(competences, rng.randint(20, 30)):
            top = competence.top_level
            requirements.append(
                PositionRequirement(
                    position=position,
                    competence=competence,
                    level=rng.randint(1, top),
                    valid_from=today - timedelta(days=900),
                    set_by=hr,
                )
            )
    PositionRequirement.objects.bulk_create(requirements, batch_size=2000)
    required: dict[int, list[PositionRequirement]] = {}
    for requirement in requirements:
        required.setdefault(requirement.position_id, []).append(requirement)
    # The units grow unevenly, as real ones do; the largest shows the unit target's worst case.
    people = bulk_staff(rng, staff_count, positions, prefix="B")
    records = []
    for person in people:
        for requirement in required[person.position_id]:
            level = max(
                0, min(requirement.competence.top_level, requirement.level + rng.choice([-2, -1, 0, 0, 1]))
            )
            if rng.random() < 0.33:
                records.append(
                    LevelRecord(
                        staff=person,
                        competence=requirement.competence,
                        level=max(0, level - 1),
                        assessed_on=today - timedelta(days=700),
                        source="superior",
                        recorded_by=hr,
                    )
                )
            records.append(
                LevelRecord(
                    staff=person,
                    competence=requirement.competence,
                    level=level,
                    assessed_on=today - timedelta(days=rng.randint(10, 300)),
                    source=rng.choice(["superior", "superior", "test", "certificate"]),
                    recorded_by=hr,
                    is_current=True,
                )
            )
    LevelRecord.objects.bulk_create(records, batch_size=5000)


def measure(repeat: int) -> None:
    from django.db import connection
    from django.db.models import Count, Q

    from magistrat.competence.models import Competence, LevelRecord
    from magistrat.org.models import RoleAssignment, Staff, Unit

    print(
        f"{connection.vendor}: staff {Staff.objects.filter(is_active=True).count():,} · competences "
        f"{Competence.objects.count()} · level records {LevelRecord.objects.count():,}"
    )
    hr = RoleAssignment.objects.filter(role="hr_officer").first().user
    client = signed_in_client(hr)
    largest = (
        Unit.objects.annotate(n=Count("memberships", filter=Q(memberships__is_primary=True)))
        .order_by("-n")
        .first()
    )
    targets = [
        ("office, units × groups", "/competence/gaps/", 300),
        ("office, units × competences (legal)", "/competence/gaps/?group=legal", 300),
        (
            f"unit {largest.code} ({largest.n} staff) × competences",
            f"/competence/gaps/units/{largest.pk}/",
            100,
        ),
    ]
    print_verdict([time_page(client, label, url, target, repeat) for label, url, target in targets])


def main():
    parser = arguments()
    parser.add_argument("--staff", type=int, default=3_000)
    parser.add_argument("--competences", type=int, default=60)
    args = parser.parse_args()
    DB.run(
        args,
        prepare=lambda data_dir: prepare(data_dir, args.staff, args.competences),
        measure=lambda: measure(args.repeat),
        prefix="bench-competence-",
    )


if __name__ == "__main__":
    main()
