"""Benchmark: the lists of due and expiring trainings and assessments at the size of a large city
office.

Targets (issue 14: performance): with 3,000 staff and more than two years of completed mandatory
trainings, every list of who is due (the mandatory-training matrix, a unit's people, the
assessments due, a superior's reports, the home page's reminders) answers with p95 under 200 ms,
and each export (CSV) in under 2 s.

Prepares a fresh database with the small demo office (PostgreSQL when DATABASE_URL points to one,
in a database of its own on that server; else SQLite in a temporary directory), then adds in bulk
(through the ORM, skipping the per-object audit entries a user's edits would write): staff up to
3,000 across the units (some hired in the last months, within the window of their first
trainings); a session a month over 12 years of every rule of mandatory_trainings.yaml and each
person's completed enrolments in them: OHS initial at hiring, OHS periodic every five or six years
(with its OHS card as a certificate), GDPR and information security every year for more than two
years back, the last one valid for most, expiring within 90 days for some, overdue for others,
never done for a few people; 100 other trainings with 30 participants each (some absent, some
behaviour still to judge, the last ones upcoming); the officials' periodic assessments (the last
one delivered up to 800 days ago, half of the long employed with an earlier one, a few in
progress). Measures in a fresh process, as a server worker would be: the mandatory-training matrix,
the largest unit's people, the assessments due, "my assessments", "my trainings" and the home page
as the HR and training officer and as the head of the largest unit, through Django's test client,
first request (cold) and p50/p95 of the repeats (warm); then the CSV exports, cold and warm.

Run: .venv/bin/python bench/competence_training.py [--staff 3000] [--repeat 20] [--reuse DIR]
"""

import random
import time
from datetime import date, timedelta

from benchdb import BenchDatabase, arguments, bulk_staff, print_verdict, signed_in_client, time_page

DB = BenchDatabase("magistrat_bench_training")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEARS_BACK = 12  # OHS initial at hiring: bulk_staff hires up to 4,000 days ago


def prepare(data_dir: str, staff: int) -> None:
    DB.seed_small_demo(data_dir)
    started = time.perf_counter()
    generate(staff)
    print(f"generated in {time.perf_counter() - started:.0f} s")
    DB.analyze()


def generate(staff_count: int) -> None:
    from magistrat.org.models import Position, RoleAssignment, Staff

    rng = random.Random(14)
    today = date.today()
    hr = RoleAssignment.objects.filter(role="hr_officer").first().user
    people = bulk_staff(rng, staff_count, list(Position.objects.all()), prefix="T")
    # New hires, within the window of their first trainings (GDPR a month, OHS periodic 6-12).
    hired = rng.sample(people, len(people) // 25)
    for person in hired:
        person.employed_since = today - timedelta(days=rng.randint(0, 150))
    Staff.objects.bulk_update(hired, ["employed_since"], batch_size=2000)
    everyone = list(
        Staff.objects.filter(is_active=True).select_related("position").prefetch_related("memberships")
    )
    _mandatory(rng, everyone, hr, today)
    _other_trainings(rng, everyone, hr, today)
    _assessments(rng, everyone, today)


def _primary_unit_id(person) -> int | None:
    return next((m.unit_id for m in person.memberships.all() if m.is_primary), None)


def _training(title: str, code: str, starts_on: date, hr, **extra):
    from decimal import Decimal

    from magistrat.competence.models import Training

    return Training(
        title=title,
        provider_kind="internal" if code in ("gdpr", "infosec-awareness") else "external",
        provider="Ośrodek szkoleniowy",
        form="elearning" if code in ("gdpr", "infosec-awareness") else "classroom",
        starts_on=starts_on,
        ends_on=starts_on,
        hours=Decimal(4),
        cost=Decimal(0),
        capacity=1000,
        mandatory_code=code,
        behaviour_after_months=3,
        created_by=hr,
        **extra,
    )


def _mandatory(rng: random.Random, people: list, hr, today: date) -> None:
    """A session a month of every rule, and each person's completions: the last one valid (most),
    expiring within 90 days, overdue, or never (a few people never trained at all)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from magistrat.competence import mandatory
    from magistrat.competence.models import Certificate, Enrolment, Training
    from magistrat.core.deadlines import add_months

    rules = mandatory.rules()
    months = [add_months(today.replace(day=1), -n) for n in range(12 * YEARS_BACK)]
    Training.objects.bulk_create(
        [
            _training(f"{rule.name} ({month:%m/%Y})", rule.code, month, hr)
            for rule in rules
            for month in months
        ]
    )
    session = {
        (t.mandatory_code, t.starts_on): t.pk
        for t in Training.objects.exclude(mandatory_code="").filter(starts_on__in=months)
    }
    stored = default_storage.save("competence/certificates/bench/karta.pdf", ContentFile(PDF))
    sha256 = hashlib.sha256(PDF).hexdigest()
    oldest = months[-1]
    enrolments, cards = [], []

    def complete(person, subject, rule, day: date, unit_id: int) -> None:
        day = max(day, oldest)
        # The superiors judged the behaviour after most of them (Kirkpatrick 3), not the last months'.
        judged = day < today - timedelta(days=150) and rng.random() < 0.95
        enrolment = Enrolment(
            training_id=session[(rule.code, day.replace(day=1))],
            staff=person,
            unit_id=unit_id,
            state=Enrolment.State.COMPLETED,
            enrolled_by=hr,
            completed_on=day,
            reaction_rating=rng.choice([None, 4, 5]),
            behaviour_rating=4 if judged else None,
            behaviour_on=day + timedelta(days=100) if judged else None,
        )
        enrolments.append(enrolment)
        if rule.code == "ohs-periodic":
            until = add_months(day, rule.months(rule.interval_months, subject) or 0) - timedelta(days=1)
            cards.append((enrolment, day, until))

    never = set(rng.sample(range(len(people)), len(people) // 30))
    for index, person in enumerate(people):
        unit_id = _primary_unit_id(person)
        hired = person.employed_since or oldest
        if index in never or unit_id is None:
            continue
        subject = mandatory.person_of(person)  # what the rules read of the person
        for rule in rules:
            if not rule.applies(subject):
                continue
            if rule.once:
                complete(person, subject, rule, hired, unit_id)
                continue
            interval = rule.months(rule.interval_months, subject) or 12
            first = rule.months(rule.first_within_months, subject) or 1
            if add_months(hired, first) > today and rng.random() < 0.7:
                continue  # a new hire whose first one is not yet due
            share = rng.random()
            # valid, expiring within 90 days, overdue: by how long ago the last one was done
            if share < 0.7:
                ago = rng.randint(0, 30 * interval - 100)
            elif share < 0.85:
                ago = rng.randint(30 * interval - 85, 30 * interval - 5)
            else:
                ago = rng.randint(30 * interval + 5, 30 * interval + 200)
            day = max(today - timedelta(days=ago), hired)
            while day >= hired and day >= oldest:
                complete(person, subject, rule, day, unit_id)
                day = add_months(day, -interval) - timedelta(days=rng.randint(0, 20))
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    Certificate.objects.bulk_create(
        [
            Certificate(
                enrolment=enrolment,
                staff_id=enrolment.staff_id,
                number=f"BHP/{n}",
                issued_on=issued,
                valid_until=until,
                file=stored,
                filename="karta.pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256=sha256,
                uploaded_by=hr,
            )
            for n, (enrolment, issued, until) in enumerate(cards)
        ],
        batch_size=5000,
    )


def _other_trainings(rng: random.Random, people: list, hr, today: date) -> None:
    """100 trainings over two years with 30 participants each: completed (behaviour still to be
    judged for some), a few absent; the last ones upcoming, people enrolled."""
    from magistrat.competence.models import Enrolment, Training

    trainings = Training.objects.bulk_create(
        [
            _training(
                f"Szkolenie {n:03d}: postępowanie administracyjne", "", today + timedelta(days=30 - 7 * n), hr
            )
            for n in range(100)
        ]
    )
    enrolments = []
    for training in trainings:
        upcoming = training.starts_on > today
        for person in rng.sample(people, 30):
            unit_id = _primary_unit_id(person)
            if unit_id is None:
                continue
            state = "enrolled" if upcoming else rng.choices(["completed", "absent"], [19, 1])[0]
            done = state == "completed"
            rating = rng.choice([None, 3, 4]) if done else None
            enrolments.append(
                Enrolment(
                    training=training,
                    staff=person,
                    unit_id=unit_id,
                    state=state,
                    enrolled_by=hr,
                    completed_on=training.ends_on if done else None,
                    reaction_rating=rng.choice([None, 3, 4, 5]) if done else None,
                    behaviour_rating=rating,
                    behaviour_on=training.ends_on + timedelta(days=100) if rating else None,
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)


def _assessments(rng: random.Random, people: list, today: date) -> None:
    """The officials' periodic assessments by their direct superiors: the last one delivered up
    to 800 days ago (some overdue, some due soon), some with an earlier one, a few in progress."""
    from magistrat.competence.models import Assessment, AssessmentOrder
    from magistrat.competence.schedule import UnitTree, exclusion

    order = AssessmentOrder.in_force(today)
    tree = UnitTree()
    assessments = []

    def assessment(person, unit_id, superior, started: date, state: str):
        made = state != "draft"
        return Assessment(
            employee=person,
            unit_id=unit_id,
            superior_id=superior.user_id,
            order=order,
            state=state,
            started_on=started,
            marks={c["code"]: {"value": 4, "comment": ""} for c in order.criteria} if made else {},
            score=4 if made else None,
            outcome="positive" if made else "",
            assessed_on=started + timedelta(days=10) if made else None,
            delivered_on=started + timedelta(days=12) if made else None,
            delivered_to_head_on=started + timedelta(days=12) if made else None,
        )

    for person in people:
        unit_id = _primary_unit_id(person)
        superior = tree.superior_of(person, unit_id)[0]
        hired = person.employed_since
        if exclusion(person) or superior is None or hired is None or rng.random() < 0.2:
            continue
        last = today - timedelta(days=rng.randint(30, 800))
        if last < hired + timedelta(days=200):
            continue
        if last - timedelta(days=730) > hired and rng.random() < 0.5:
            assessments.append(assessment(person, unit_id, superior, last - timedelta(days=730), "delivered"))
        assessments.append(assessment(person, unit_id, superior, last, "delivered"))
        if rng.random() < 0.03:
            assessments.append(assessment(person, unit_id, superior, today - timedelta(days=5), "draft"))
    Assessment.objects.bulk_create(assessments, batch_size=2000)


def _largest_unit():
    from django.db.models import Count, Q

    from magistrat.org.models import Unit

    return (
        Unit.objects.filter(head__isnull=False)
        .annotate(n=Count("memberships", filter=Q(memberships__is_primary=True)))
        .order_by("-n")
        .first()
    )


def measure(repeat: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from magistrat.competence import mandatory
    from magistrat.competence.models import Assessment, Certificate, Enrolment, Training
    from magistrat.org.models import RoleAssignment, Staff

    today = timezone.localdate()
    staff = list(mandatory.staff_of_units(day=today))
    counts: dict[str, int] = {}
    for found in mandatory.statuses(staff, today).values():
        for status in found:
            key = (
                "never, not yet due"
                if status.status == "never" and status.compliant(today)
                else status.status
            )
            counts[key] = counts.get(key, 0) + 1
    print(
        f"{connection.vendor}: staff {Staff.objects.filter(is_active=True).count():,} · trainings "
        f"{Training.objects.count():,} · enrolments {Enrolment.objects.count():,} · certificates "
        f"{Certificate.objects.count():,} · assessments {Assessment.objects.count():,}\n"
        f"(person, rule) today: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())),
        flush=True,
    )
    hr = RoleAssignment.objects.filter(role="hr_officer").first().user
    largest = _largest_unit()
    head = largest.head.user
    unit = f"/competence/mandatory/?unit={largest.pk}"
    lists = [
        ("mandatory trainings, units × rules", "/competence/mandatory/"),
        (f"mandatory trainings, unit {largest.code} ({largest.n} staff)", unit),
        ("assessments due (overview)", "/competence/"),
        ("my assessments (reports due)", "/competence/mine/"),
        ("my trainings (own mandatory, to assess)", "/competence/trainings/mine/"),
        ("home page (reminders)", "/"),
    ]
    exports = [
        ("mandatory trainings CSV", "/competence/mandatory/export/?format=csv"),
        ("assessments due CSV", "/competence/due/export/?format=csv"),
    ]
    met = []
    for who, user in (("HR", hr), (f"head {largest.code}", head)):
        client = signed_in_client(user)
        for label, url in lists:
            met.append(time_page(client, f"{who}: {label}", url, 200, repeat, width=60))
        for label, url in exports:
            met.append(time_export(client, f"{who}: {label}", url))
    print_verdict(met)


def time_export(client, label: str, url: str, runs: int = 4, target_s: float = 2) -> bool:
    """An export: the first (cold) and the next runs, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    verdict = "OK" if max(times) < target_s else "NOT MET"
    rows = response.content.count(b"\n")
    print(
        f"{label:60} cold {times[0]:5.2f} s   warm {', '.join(f'{t:.2f}' for t in times[1:])} s  "
        f"({rows:,} lines, {len(response.content) / 1024:,.0f} KiB; target < {target_s:.0f} s: {verdict})",
        flush=True,
    )
    return verdict == "OK"


def main():
    parser = arguments()
    parser.add_argument("--staff", type=int, default=3_000)
    args = parser.parse_args()
    DB.run(
        args,
        prepare=lambda data_dir: prepare(data_dir, args.staff),
        measure=lambda: measure(args.repeat),
        prefix="bench-training-",
    )


if __name__ == "__main__":
    main()
