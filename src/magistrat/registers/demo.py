"""Two years of complaints and motions for the demo office (registers/data/demo_complaints.yaml)."""

from datetime import datetime, time, timedelta

from magistrat.core.audit import audit_context, build_entry
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
        context.events.append(
            build_entry(action="registers.complaint.created", obj=case, changes=created, at=case.received_at)
        )
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
        context.events.append(
            build_entry(
                action="registers.complaintextension.created",
                obj=row,
                user=row.recorded_by,
                changes=created,
                at=row.complaint.received_at + timedelta(days=25),
            )
        )


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
        common: dict = {
            "channel": "email",
            "release_form": "electronic",
            "requester_email": "mieszkaniec@example.pl",
            "registered_by": clerk,
        }
        services.info_request_register(
            received_at=moment(3),
            subject="Umowy na odśnieżanie",
            unit=units["IR"],
            request_text="Proszę o kopie umów na zimowe utrzymanie dróg w sezonie 2025/26.",
            **common,
        )
        services.info_request_register(
            received_at=moment(20),
            subject="Wydatki na promocję",
            unit=units["BPM"],
            request_text="Proszę o zestawienie wydatków na promocję miasta w 2025 r.",
            **common,
        )
        released = services.info_request_register(
            received_at=moment(40),
            subject="Liczba wydanych dowodów osobistych",
            unit=units["SA-02"],
            request_text="Ile dowodów osobistych wydano w 2025 r.?",
            **common,
        )
        with audit_context(user=heads["SA-02"].user):
            services.info_request_close(
                request=released, outcome="released", released="Odpowiedź e-mailem: 18 230 dowodów."
            )
        refused = services.info_request_register(
            received_at=moment(60),
            subject="Dane osobowe pracowników",
            unit=units["KS"],
            request_text="Proszę o wykaz wynagrodzeń wszystkich pracowników z nazwiskami.",
            **common,
        )
        with audit_context(user=heads["KS"].user):
            services.info_request_close(
                request=refused,
                outcome="refused",
                decision_number="KS.1431.4.2026",
                decision_date=today - timedelta(days=50),
                decision_persons="Anna Nowak – Kierownik Biura Kadr i Szkoleń; Jan Kowalski – radca prawny",
            )
            services.info_request_delivered(request=refused, delivered_on=today - timedelta(days=45))
        open_petition = services.petition_register(
            filed_at=moment(25),
            petitioner="Stowarzyszenie Zielony Wiślin",
            petitioner_contact="biuro@zielony.example.pl",
            addressee="mayor",
            subject="Oświetlenie parku miejskiego",
            unit=units["IR"],
            consent_to_publish=True,
            content="Wnosimy o oświetlenie alejek parku miejskiego przy ul. Ogrodowej.",
        )
        with audit_context(user=heads["IR"].user):
            services.petition_update(
                petition=open_petition, text="Wystąpiono o opinię Rady Dzielnicy Zielone."
            )
        closed_petition = services.petition_register(
            filed_at=moment(120),
            petitioner="Jan Mieszkański",
            petitioner_contact="jan@example.pl",
            addressee="council",
            subject="Ławki na placu Ratuszowym",
            unit=units["BRM"],
            content="Proszę o ustawienie ławek na placu Ratuszowym.",
        )
        with audit_context(user=heads["BRM"].user):
            services.petition_close(
                petition=closed_petition, outcome="accepted", reply="Ławki ustawiono w czerwcu."
            )
