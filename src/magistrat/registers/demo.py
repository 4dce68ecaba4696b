"""Two years of complaints and motions for the demo office (registers/data/demo_complaints.yaml)."""

from datetime import datetime, time, timedelta

from magistrat.core.audit import build_entry
from magistrat.core.deadlines import WARSAW, is_working_day
from magistrat.core.demo import DemoContext
from magistrat.core.models import CaseCounter
from magistrat.core.reference import load_yaml
from magistrat.registers.models import Complaint, ComplaintExtension

CASES_PER_MONTH = 7


def _data() -> dict:
    return load_yaml("registers", "demo_complaints.yaml")


def seed(context: DemoContext) -> None:
    data, rng = _data(), context.rng
    units, heads = context.shared["units"], context.shared["heads"]
    templates = [("complaint", *row) for row in data["complaints"]] + [
        ("motion", *row) for row in data["motions"]
    ]
    now = datetime.combine(context.today, time(12, 0), tzinfo=WARSAW)
    cases: list[Complaint] = []
    extensions: list[tuple] = []
    counters: dict[int, int] = {}
    day = context.went_live.date() + timedelta(days=3)
    while day < context.today:
        if is_working_day(day) and rng.random() < CASES_PER_MONTH / 21:
            kind, subject, content, unit_code = rng.choice(templates)
            received = datetime.combine(day, time(8, 0), tzinfo=WARSAW) + timedelta(
                minutes=rng.randint(0, 480)
            )
            counters[day.year] = counters.get(day.year, 0) + 1
            name = rng.choice(data["people"])
            case = Complaint(
                number=f"SKW.1510.{counters[day.year]}.{day.year}",
                kind=kind,
                channel=rng.choice(["web", "web", "letter", "email", "epuap", "oral"]),
                received_at=received,
                submitter_name=name,
                submitter_address=f"{rng.choice(data['streets'])} {rng.randint(1, 80)}, Wiślin",
                subject=subject,
                content=content,
                unit=units[unit_code],
            )
            head = heads.get(unit_code)
            case.assignee = head
            age = (context.today - day).days
            if age > 40 or (age > 12 and rng.random() < 0.7):
                late = rng.random() < 0.08
                days_taken = rng.randint(31, 45) if late else rng.randint(5, 27)
                case.closed_at = min(received + timedelta(days=days_taken), now)
                case.closed_by = head.user if head else None
                outcomes = (
                    ["justified", "unjustified", "unjustified"]
                    if kind == "complaint"
                    else ["accepted", "rejected"]
                )
                case.outcome = rng.choice(outcomes)
                case.reply = (
                    "Odpowiedź przesłano pocztą."
                    if case.channel != "web"
                    else "Odpowiedź przesłano e-mailem."
                )
                if late and rng.random() < 0.5:
                    extensions.append((case, (received + timedelta(days=50)).date(), head))
            elif age < 4 and rng.random() < 0.5:
                case.unit = case.assignee = None  # just arrived, not yet assigned
            cases.append(case)
        day += timedelta(days=1)
    Complaint.objects.bulk_create(cases)
    CaseCounter.objects.bulk_create(
        [CaseCounter(register="complaints", year=y, last=n) for y, n in counters.items()]
    )
    rows = [
        ComplaintExtension(
            complaint=c,
            new_due=due,
            reason="Konieczność uzyskania wyjaśnień od wykonawcy.",
            recorded_by=h.user,
        )
        for c, due, h in extensions
        if h
    ]
    ComplaintExtension.objects.bulk_create(rows)
    for case in cases:
        created = {
            name: [None, value]
            for name, value in case.audit_values().items()
            if value not in (None, "") and name not in {"closed_at", "closed_by", "outcome", "reply"}
        }
        context.events.append(
            build_entry(action="registers.complaint.created", obj=case, changes=created, at=case.received_at)
        )
        if case.closed_at:
            context.events.append(
                build_entry(
                    action="registers.complaint.closed",
                    obj=case,
                    user=case.closed_by,
                    at=case.closed_at,
                    data={"outcome": case.outcome},
                )
            )
