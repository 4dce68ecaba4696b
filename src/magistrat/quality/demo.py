"""The demo office's nonconformities and corrective actions: records from every source (staff
reports, justified complaints, satisfaction drops, security incidents) in every state of the
workflow, with actions on time, overdue, done and verified, and effectiveness checks proposed and
decided. Written through the services as the person who acts (the quality manager raises and
decides, the owners mark their actions done, staff report), so records and audit trail agree.
Runs after the other modules' seeders: it links to their records."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Q

from magistrat.core.audit import audit_context
from magistrat.core.deadlines import WARSAW, next_working_day
from magistrat.core.demo import DemoContext
from magistrat.org.models import Staff
from magistrat.quality.models import Action, Nonconformity
from magistrat.quality.services import actions as action_services
from magistrat.quality.services import nonconformities as services
from magistrat.quality.sources import STAFF_REPORT, source

# (state reached, days before today it was detected, whether its open actions are overdue)
PLAN = [
    ("new", 3, False),
    ("closed", 300, False),
    ("planned", 45, True),
    ("check_due", 120, False),
    ("analysed", 10, False),
    ("check_waiting", 40, False),
    ("dismissed", 20, False),
    ("planned", 25, False),
    ("reopened", 200, False),
    ("closed", 400, False),
]

STAFF_REPORTS = [
    ("Nieaktualny wzór wniosku na stronie", "Na stronie urzędu wisi wzór wniosku sprzed zmiany przepisów."),
    (
        "Brak numerka w automacie kolejkowym",
        "Automat nie drukuje numerków do stanowisk meldunkowych od rana.",
    ),
    ("Pismo wysłane na zły adres", "Decyzja trafiła na adres zameldowania zamiast adresu do doręczeń."),
    ("Niezgodna opłata w karcie usługi", "Karta usługi podaje opłatę skarbową sprzed podwyżki."),
    ("Brak protokołu przekazania akt", "Akta sprawy przekazano do archiwum bez spisu zdawczo-odbiorczego."),
    ("Nieczytelny skan w EZD", "Skan wniosku w EZD jest nieczytelny, trzeba było wzywać stronę."),
]
ACTIONS = [
    "Zaktualizować procedurę i kartę usługi",
    "Przeszkolić pracowników stanowiska",
    "Wprowadzić listę kontrolną przed wysyłką",
    "Wyznaczyć właściciela dokumentu",
    "Dodać kontrolę w systemie dziedzinowym",
]


@dataclass
class _Demo:
    context: DemoContext
    manager: object
    today: date

    def moment(self, day: date) -> datetime:
        return datetime.combine(day, time(10, 0), tzinfo=WARSAW)


def seed(context: DemoContext) -> None:
    heads = context.shared["heads"]
    demo = _Demo(context=context, manager=heads["PJ"].user, today=context.today)
    count = 8 if context.small else 30
    origins = _origins(demo, count)
    for index, origin in enumerate(origins):
        state, days_ago, overdue = PLAN[index % len(PLAN)]
        detected = demo.today - timedelta(days=days_ago + index)
        nc = _raise(demo, origin, detected, index)
        _advance(demo, nc, state, detected, overdue, index)


def _origins(demo: _Demo, count: int) -> list:
    """(source code, linked record or None) for each record: every source the office has data for."""
    found: dict[str, list] = {STAFF_REPORT: [None] * count}
    for code, model, lookup in (
        ("complaint", "registers.complaint", Q(outcome="justified", unit__isnull=False)),
        ("satisfaction_drop", "feedback.satisfactiontarget", Q()),
        ("security_incident", "isms.incident", Q()),
        ("late_info_reply", "registers.inforequest", Q(closed_at__isnull=False, unit__isnull=False)),
    ):
        entry = source(code)
        if entry is None:
            continue
        records = apps.get_model(model).objects.filter(lookup).order_by("pk")[:50]
        found[code] = [r for r in records if entry.accepts(r)][: max(2, count // 4)]
    order: list = []
    while len(order) < count and any(found.values()):
        for code, records in found.items():
            if records and len(order) < count:
                order.append((code, records.pop(0)))
    return order


def _raise(demo: _Demo, origin, detected: date, index: int) -> Nonconformity:
    code, linked = origin
    if linked is None:
        title, description = STAFF_REPORTS[index % len(STAFF_REPORTS)]
        reporter = Staff.objects.filter(is_active=True).order_by("pk")[index * 7 % 200 : index * 7 % 200 + 1]
        staff = reporter[0] if reporter else None
        if staff is not None and staff.primary_unit is not None:
            with audit_context(user=staff.user):
                return services.nc_report(
                    by=staff.user,
                    title=title,
                    description=description,
                    unit=staff.primary_unit,
                    detected_on=detected,
                )
    entry = source(code)
    draft = entry.propose(linked) if entry and entry.propose and linked is not None else None
    unit_id = draft.unit_id if draft and draft.unit_id else demo.context.shared["units"]["OR"].pk
    with audit_context(user=demo.manager):
        return services.nc_raise(
            by=demo.manager,
            source_code=code if linked is not None else STAFF_REPORT,
            linked=linked,
            trigger=draft.trigger if draft else {},
            title=draft.title if draft else STAFF_REPORTS[index % len(STAFF_REPORTS)][0],
            description=(draft.description if draft else "") or "Opis niezgodności.",
            unit=apps.get_model("org.Unit").objects.get(pk=unit_id),
            detected_on=min(detected, draft.detected_on or detected) if draft else detected,
            correction="Sprawę załatwiono ponownie, stronę przeproszono.",
        )


def _advance(demo: _Demo, nc: Nonconformity, state: str, detected: date, overdue: bool, index: int) -> None:
    manager = demo.manager
    if state == "new":
        return
    with audit_context(user=manager):
        if state == "dismissed":
            services.nc_dismiss(nc=nc, by=manager, reason="Jednorazowa usterka usunięta tego samego dnia.")
            return
        services.nc_analyse(
            nc=nc,
            by=manager,
            correction=nc.correction or "Błąd poprawiono od ręki.",
            whys=[
                {"why": "Dlaczego strona dostała błędną informację?", "because": "Wzór nie był aktualny."},
                {
                    "why": "Dlaczego wzór nie był aktualny?",
                    "because": "Nikt nie odpowiadał za jego aktualizację.",
                },
            ],
            causes={
                "methods": "Brak procedury aktualizacji wzorów.",
                "people": "Nowy pracownik bez szkolenia.",
            },
            root_cause="Brak przypisanej odpowiedzialności za aktualność wzorów i kart usług.",
            similar_elsewhere="Sprawdzić karty usług pozostałych wydziałów.",
            risk_updates="Dopisano ryzyko nieaktualnych informacji dla mieszkańców.",
            qms_updates="Zmieniono procedurę P-04 (nadzór nad dokumentami).",
        )
    if state == "analysed":
        return
    owner = nc.unit.head.user if nc.unit.head is not None else manager
    planned_on = detected + timedelta(days=5)
    actions = []
    for number in range(2 if index % 3 else 1):
        due = next_working_day(planned_on + timedelta(days=30 + 10 * number))
        if state == "planned" and not overdue:
            due = next_working_day(demo.today + timedelta(days=14 + 7 * number))
        with audit_context(user=manager):
            actions.append(
                services.nc_action_add(
                    nc=nc,
                    by=manager,
                    title=ACTIONS[(index + number) % len(ACTIONS)],
                    owner=owner,
                    unit=nc.unit,
                    due_on=due,
                    today=planned_on,
                )
            )
    if state == "planned":
        return
    for action in actions:
        _done(action, owner, demo.moment(min(action.due_on, demo.today - timedelta(days=1))))
    nc.refresh_from_db()
    check = services.current_check(nc)
    if check is None or check.due_on > demo.today:
        return  # check_waiting: due later
    with audit_context(user=manager):
        services.nc_effectiveness_measure(nc=nc, by=manager, today=check.due_on)
        if state == "check_due":
            return
        if state == "reopened":
            services.nc_effectiveness_confirm(
                nc=nc,
                by=manager,
                verdict="not_effective",
                note="Skargi nadal wpływają: działania nie usunęły przyczyny.",
                today=check.due_on,
            )
            return
        services.nc_effectiveness_confirm(
            nc=nc,
            by=manager,
            verdict="effective",
            note="Od wdrożenia działań problem nie wystąpił.",
            today=check.due_on,
        )
        services.nc_close(nc=nc, by=manager, note="Działania skuteczne.")


def _done(action: Action, owner, at: datetime) -> None:
    with audit_context(user=owner):
        action_services.action_done(action=action, by=owner, note="Wykonano zgodnie z planem.", now=at)
