"""The demo office's objectives and KPIs after two years: 10 objectives (4 of the office, 6 of units
serving them) with 25 KPIs, about half computed from the other modules' demo records (ratings,
complaints, requests, petitions, incidents, actions), the rest entered by hand every month by
their owners; one change of method, a few comments on values. Written through the services as
the person who acts (the quality manager defines, the owners enter and comment), so records and
audit trail agree. Runs after the other seeders: the computed KPIs read their records."""

from datetime import date, timedelta

from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.performance.models import Kpi, Objective
from magistrat.performance.periods import last_ended, periods_between
from magistrat.performance.services import compute, kpis, objectives

# key, title, unit code (None: office), parent key, owner's unit
OBJECTIVES = [
    ("O1", "Wysoka satysfakcja mieszkańców z obsługi w urzędzie", None, None, "PJ"),
    ("O2", "Terminowe załatwianie spraw obywateli", None, None, "SM"),
    ("O3", "Bezpieczeństwo informacji i ciągłość działania", None, None, "PBI"),
    ("O4", "Skuteczne doskonalenie systemu zarządzania", None, None, "PJ"),
    ("U1", "Sprawna obsługa w Wydziale Spraw Obywatelskich", "SA", "O1", "SA"),
    ("U2", "Krótszy czas rejestracji pojazdów", "KM", "O1", "KM"),
    ("U3", "Wysoka jakość obsługi w Biurze Obsługi Mieszkańców", "BOM", "O1", "BOM"),
    ("U4", "Terminowe decyzje podatkowe", "FN", "O2", "FN"),
    ("U5", "Terminowe udostępnianie informacji publicznej", "OR", "O2", "OR"),
    ("U6", "Niezawodne systemy informatyczne", "BIT", "O3", "BIT"),
]

# objective, name, source, unit of measure, direction, target, amber, red, frequency, (min, max), base
KPIS = [
    (
        "O1",
        "Zadowoleni mieszkańcy (CSAT) – urząd",
        "feedback.csat",
        "%",
        "higher",
        85,
        85,
        75,
        "monthly",
        (0, 100),
        None,
    ),
    (
        "O1",
        "Net Promoter Score – urząd",
        "feedback.nps",
        "pkt",
        "higher",
        30,
        30,
        0,
        "monthly",
        (-100, 100),
        None,
    ),
    (
        "O1",
        "Średni czas oczekiwania w kolejce",
        "manual",
        "min",
        "lower",
        10,
        10,
        15,
        "monthly",
        (0, 240),
        11,
    ),
    (
        "O2",
        "Skargi i wnioski rozpatrzone w terminie",
        "registers.complaints_on_time",
        "%",
        "higher",
        95,
        95,
        85,
        "monthly",
        (0, 100),
        None,
    ),
    (
        "O2",
        "Informacja publiczna udostępniona w terminie",
        "registers.info_requests_on_time",
        "%",
        "higher",
        98,
        98,
        90,
        "monthly",
        (0, 100),
        None,
    ),
    (
        "O2",
        "Petycje rozpatrzone w terminie",
        "registers.petitions_on_time",
        "%",
        "higher",
        100,
        100,
        90,
        "quarterly",
        (0, 100),
        None,
    ),
    (
        "O2",
        "Decyzje uchylone przez organ odwoławczy",
        "manual",
        "%",
        "lower",
        5,
        5,
        10,
        "quarterly",
        (0, 100),
        6,
    ),
    (
        "O3",
        "Incydenty bezpieczeństwa informacji",
        "isms.incidents",
        "szt.",
        "lower",
        2,
        3,
        5,
        "monthly",
        (0, None),
        None,
    ),
    (
        "O3",
        "Pracownicy przeszkoleni z cyberbezpieczeństwa",
        "manual",
        "%",
        "higher",
        95,
        90,
        80,
        "quarterly",
        (0, 100),
        88,
    ),
    (
        "O4",
        "Zaległe działania korygujące – urząd",
        "quality.actions_overdue",
        "szt.",
        "lower",
        0,
        3,
        8,
        "monthly",
        (0, None),
        None,
    ),
    (
        "O4",
        "Realizacja planu audytów wewnętrznych",
        "manual",
        "%",
        "higher",
        100,
        90,
        75,
        "quarterly",
        (0, 100),
        92,
    ),
    (
        "O4",
        "Dokumenty potwierdzone przez pracowników w terminie",
        "manual",
        "%",
        "higher",
        95,
        90,
        80,
        "monthly",
        (0, 100),
        90,
    ),
    (
        "U1",
        "Zadowoleni mieszkańcy (CSAT) – SA",
        "feedback.csat",
        "%",
        "higher",
        85,
        85,
        75,
        "monthly",
        (0, 100),
        None,
    ),
    ("U1", "Czas wydania dowodu osobistego", "manual", "dni", "lower", 21, 25, 30, "monthly", (0, 90), 24),
    (
        "U2",
        "Zadowoleni mieszkańcy (CSAT) – KM",
        "feedback.csat",
        "%",
        "higher",
        80,
        80,
        70,
        "monthly",
        (0, 100),
        None,
    ),
    ("U2", "Średni czas rejestracji pojazdu", "manual", "dni", "lower", 1, 2, 5, "monthly", (0, 60), 2),
    (
        "U3",
        "Zadowoleni mieszkańcy (CSAT) – BOM",
        "feedback.csat",
        "%",
        "higher",
        90,
        88,
        80,
        "monthly",
        (0, 100),
        None,
    ),
    (
        "U3",
        "Net Promoter Score – BOM",
        "feedback.nps",
        "pkt",
        "higher",
        40,
        35,
        10,
        "monthly",
        (-100, 100),
        None,
    ),
    ("U3", "Sprawy załatwione od ręki", "manual", "%", "higher", 70, 65, 50, "monthly", (0, 100), 66),
    (
        "U4",
        "Decyzje podatkowe wydane w terminie",
        "manual",
        "%",
        "higher",
        98,
        96,
        90,
        "monthly",
        (0, 100),
        96,
    ),
    (
        "U4",
        "Zaległe działania korygujące – FN",
        "quality.actions_overdue",
        "szt.",
        "lower",
        0,
        1,
        3,
        "monthly",
        (0, None),
        None,
    ),
    (
        "U5",
        "Wnioski o informację publiczną załatwione w terminie – komórka",
        "registers.info_requests_on_time",
        "%",
        "higher",
        98,
        98,
        90,
        "monthly",
        (0, 100),
        None,
    ),
    (
        "U5",
        "Średni czas udostępnienia informacji",
        "manual",
        "dni",
        "lower",
        7,
        10,
        14,
        "monthly",
        (0, 60),
        9,
    ),
    (
        "U6",
        "Dostępność systemów dziedzinowych",
        "manual",
        "%",
        "higher",
        99.5,
        99.5,
        99,
        "monthly",
        (0, 100),
        99.6,
    ),
    (
        "U6",
        "Zgłoszenia helpdesku rozwiązane w terminie",
        "manual",
        "%",
        "higher",
        90,
        85,
        75,
        "monthly",
        (0, 100),
        87,
    ),
]

COMMENTS = [
    "Spadek związany z okresem urlopowym i brakami kadrowymi.",
    "Wdrożono dodatkowe stanowisko obsługi – oczekujemy poprawy w kolejnym miesiącu.",
    "Wynik omówiony na naradzie kierownictwa; działanie korygujące w rejestrze.",
    "Poprawa po szkoleniu pracowników.",
]


def seed(context: DemoContext) -> None:
    units, heads = context.shared["units"], context.shared["heads"]
    manager = heads["PJ"].user
    today = context.today
    rng = context.rng
    made: dict[str, Objective] = {}
    with audit_context(user=manager):
        for key, title, unit_code, parent_key, owner_unit in OBJECTIVES:
            made[key] = objectives.objective_create(
                by=manager,
                title=title,
                level="unit" if unit_code else "office",
                unit=units[unit_code] if unit_code else None,
                parent=made[parent_key] if parent_key else None,
                owner=heads[owner_unit].user,
                year_from=today.year - 2,
                year_to=today.year + 1,
                review_on=date(today.year, 12, 15),
                description="",
            )
        created = []
        for key, name, source, measure, direction, target, amber, red, frequency, (low, high), base in KPIS:
            objective = made[key]
            unit = objective.unit
            owner = heads[unit.code].user if unit is not None else objective.owner
            kpi = kpis.kpi_create(
                by=manager,
                objective=objective,
                name=name,
                source=source,
                unit_of_measure=measure,
                direction=direction,
                target=target,
                amber_threshold=amber,
                red_threshold=red,
                frequency=frequency,
                owner=owner,
                unit=unit,
                min_value=low,
                max_value=high,
                definition="",
            )
            created.append((kpi, base))
    months = 6 if context.small else 24
    first_day = (last_ended(today, "monthly")[0] - timedelta(days=31 * (months - 1))).replace(day=1)
    changed: Kpi | None = None
    for kpi, base in created:
        if kpi.is_manual:
            _enter_values(kpi, base, first_day, today, rng)
            if changed is None and kpi.unit_of_measure == "min":
                changed = kpi
    if changed is not None:
        with audit_context(user=changed.owner):
            kpis.method_change_record(
                kpi=changed,
                by=changed.owner,
                effective_from=(today - timedelta(days=365)).replace(day=1),
                description="Czas oczekiwania liczony z systemu kolejkowego (od pobrania numerka "
                "do wywołania) "
                "zamiast ręcznych pomiarów dwa razy w tygodniu.",
            )
    with audit_context(user=manager):
        compute.kpis_compute(by=manager, today=today)
    _comment(created, manager)


def _enter_values(kpi: Kpi, base: float | None, first_day: date, today: date, rng) -> None:
    _start, last = last_ended(today, kpi.frequency)
    periods = periods_between(first_day, last, kpi.frequency)
    base = base if base is not None else kpi.target
    spread = max(abs(base) * 0.06, 0.3)
    better = 1 if kpi.direction == "higher" else -1
    with audit_context(user=kpi.owner):
        for index, (start, _end) in enumerate(periods):
            drift = better * spread * index / max(1, len(periods))  # the office slowly improves
            value = base + drift + rng.uniform(-spread, spread)
            if kpi.min_value is not None:
                value = max(kpi.min_value, value)
            if kpi.max_value is not None:
                value = min(kpi.max_value, value)
            kpis.value_record(kpi=kpi, by=kpi.owner, period_start=start, value=round(value, 1), today=today)


def _comment(created, manager) -> None:
    """The owners explain a few values off target; the quality manager asks about one."""
    done = 0
    for kpi, _base in created:
        if done >= 6:
            break
        values = list(kpi.values.filter(value__isnull=False).order_by("-period_start")[:12])
        off = [v for v in values if kpi.light(v.value) != "green"]
        if not off:
            continue
        value = off[0]
        author = kpi.owner if done % 3 else manager
        with audit_context(user=author):
            kpis.value_comment(value=value, by=author, text=COMMENTS[done % len(COMMENTS)])
        done += 1
