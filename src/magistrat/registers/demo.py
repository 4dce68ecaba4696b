"""Two years of complaints and motions for the demo office (registers/data/demo_complaints.yaml)."""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from magistrat.core.audit import audit_context, build_entry
from magistrat.core.deadlines import WARSAW, is_working_day
from magistrat.core.demo import DemoContext
from magistrat.core.models import CaseCounter
from magistrat.core.numbering import prefix
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
    # noon of the seeding day, or the present moment before it: the trail never runs ahead of time
    now = min(datetime.combine(context.today, time(12, 0), tzinfo=WARSAW), timezone.now())
    cases: list[Complaint] = []
    extensions: list[tuple] = []
    counters: dict[int, int] = {}
    symbol = prefix(Complaint.number_register)
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
                number=f"{symbol}.{counters[day.year]}.{day.year}",
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
            case.handler = head.user if head else None
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
                case.unit = case.handler = None  # just arrived, not yet assigned
            cases.append(case)
        day += timedelta(days=1)
    Complaint.objects.bulk_create(cases)
    CaseCounter.objects.bulk_create(
        [CaseCounter(register=Complaint.number_register, year=y, last=n) for y, n in counters.items()]
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
    # The trail holds what the services would have written, by whom and when: the registration, the
    # head's extension (KPA art. 36) and closing (the field changes, then the named event).
    closing = ("closed_at", "closed_by", "outcome", "reply")
    for case in cases:
        values = case.audit_values()
        created = {
            name: [None, value]
            for name, value in values.items()
            if value not in (None, "") and name not in closing
        }
        registered = {"number": case.number, "unit": case.unit.code if case.unit else None, "kind": case.kind}
        context.events += [
            build_entry(action="registers.complaint.created", obj=case, changes=created, at=case.received_at),
            build_entry(
                action="registers.complaint.registered", obj=case, data=registered, at=case.received_at
            ),
        ]
        if case.closed_at:
            closed = {name: [None, values[name]] for name in closing if values.get(name) not in (None, "")}
            by, at = case.closed_by, case.closed_at
            context.events += [
                build_entry(action="registers.complaint.updated", obj=case, user=by, at=at, changes=closed),
                build_entry(
                    action="registers.complaint.closed",
                    obj=case,
                    user=by,
                    at=at,
                    data={"outcome": case.outcome},
                ),
            ]
    for row in rows:
        created = {
            name: [None, value] for name, value in row.audit_values().items() if value not in (None, "")
        }
        at = row.complaint.received_at + timedelta(days=25)
        context.events += [
            build_entry(
                action="registers.complaintextension.created",
                obj=row,
                user=row.recorded_by,
                changes=created,
                at=at,
            ),
            build_entry(
                action="registers.complaint.extended",
                obj=row.complaint,
                user=row.recorded_by,
                data={"new_due": row.new_due, "reason": row.reason},
                at=at,
            ),
        ]


# Requests for public information in every state: (days ago, subject, unit, text, how it ended).
REQUESTS: list[tuple[int, str, str, str, dict[str, Any] | None]] = [
    (
        3,
        "Umowy na odśnieżanie",
        "IR",
        "Proszę o kopie umów na zimowe utrzymanie dróg w sezonie 2025/26.",
        None,
    ),
    (20, "Wydatki na promocję", "BPM", "Proszę o zestawienie wydatków na promocję miasta w 2025 r.", None),
    (
        40,
        "Liczba wydanych dowodów osobistych",
        "SA-02",
        "Ile dowodów osobistych wydano w 2025 r.?",
        {"outcome": "released", "released": "Odpowiedź e-mailem: 18 230 dowodów."},
    ),
    (
        60,
        "Dane osobowe pracowników",
        "KS",
        "Proszę o wykaz wynagrodzeń wszystkich pracowników z nazwiskami.",
        {
            "outcome": "refused",
            "decision_number": "KS.1431.4.2026",
            "decision_persons": "Anna Nowak – Kierownik Biura Kadr i Szkoleń; Jan Kowalski – radca prawny",
        },
    ),
]


# Petitions, open and closed: (days ago, the petition, unit, the step its unit took).
PETITIONS: list[tuple[int, dict[str, Any], str, dict[str, Any]]] = [
    (
        25,
        {
            "petitioner": "Stowarzyszenie Zielony Wiślin",
            "petitioner_contact": "biuro@zielony.example.pl",
            "addressee": "mayor",
            "subject": "Oświetlenie parku miejskiego",
            "consent_to_publish": True,
            "content": "Wnosimy o oświetlenie alejek parku miejskiego przy ul. Ogrodowej.",
        },
        "IR",
        {"text": "Wystąpiono o opinię Rady Dzielnicy Zielone."},
    ),
    (
        120,
        {
            "petitioner": "Jan Mieszkański",
            "petitioner_contact": "jan@example.pl",
            "addressee": "council",
            "subject": "Ławki na placu Ratuszowym",
            "content": "Proszę o ustawienie ławek na placu Ratuszowym.",
        },
        "BRM",
        {"outcome": "accepted", "reply": "Ławki ustawiono w czerwcu."},
    ),
]


def seed_live(context: DemoContext) -> None:
    """Requests for public information and petitions in every state, through the services."""
    from magistrat.registers import services

    units, heads = context.shared["units"], context.shared["heads"]
    today = context.today

    def moment(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(9, 30), tzinfo=WARSAW)

    # The registry office (OR) registers what arrives; the head of the unit that handles a case
    # decides and closes it, so each record and its audit entry name the same person.
    clerk = heads["OR"].user
    with audit_context(user=clerk):
        for days_ago, subject, unit, text, ending in REQUESTS:
            request = services.info_request_register(
                received_at=moment(days_ago),
                subject=subject,
                unit=units[unit],
                request_text=text,
                channel="email",
                release_form="electronic",
                requester_email="mieszkaniec@example.pl",
                by=clerk,
            )
            if ending is None:
                continue
            head = heads[unit].user
            with audit_context(user=head):
                decision: dict[str, Any] = (
                    {"decision_date": today - timedelta(days=days_ago - 10)}
                    if "decision_number" in ending
                    else {}
                )
                services.info_request_close(request=request, by=head, **ending, **decision)
                if decision:
                    services.info_request_delivered(
                        request=request, delivered_on=today - timedelta(days=days_ago - 15), by=head
                    )
        for days_ago, petition, unit, step in PETITIONS:
            registered = services.petition_register(
                filed_at=moment(days_ago), unit=units[unit], by=clerk, **petition
            )
            head = heads[unit].user
            with audit_context(user=head):
                if "text" in step:
                    services.petition_update(petition=registered, by=head, **step)
                else:
                    services.petition_close(petition=registered, by=head, **step)
