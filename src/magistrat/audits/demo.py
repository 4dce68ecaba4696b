"""The demo office's internal audits: three internal auditors (new staff with the
`internal_auditor` role, added through the organisation's services by the HR officer) with their
qualifications, this year's approved programme with risk levels, and six audits in every state —
ISO 9001, ISO/IEC 27001 and management control — with checklists, findings (nonconformities open
records in the quality register), acknowledgements and reports. Everything goes through the
services as the person who acts, so the records and the audit trail agree. Runs after the quality
seeders (the nonconformities join the register they fill)."""

from datetime import date, timedelta

from magistrat.audits.models import Audit, ChecklistItem, Clause, Finding
from magistrat.audits.services import audits as audit_services
from magistrat.audits.services import programme as programme_services
from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext, DemoLogin
from magistrat.org import services as org_services
from magistrat.org.demo import DEMO_PASSWORD
from magistrat.org.models import Position, Unit

AUDITORS = [
    # (username, first name, last name, primary unit, qualifications: (title, standards, years ago))
    ("audytor.nowicka", "Agata", "Nowicka", "OR-02", [("Kurs audytora wiodącego", "ISO 9001:2015", 4)]),
    (
        "audytor.zielinski",
        "Paweł",
        "Zieliński",
        "OR-03",
        [
            ("Kurs audytora wewnętrznego", "ISO/IEC 27001:2022", 2),
            ("Kurs audytora wewnętrznego", "ISO 9001:2015", 5),
        ],
    ),
    (
        "audytor.kaczmarek",
        "Ewa",
        "Kaczmarek",
        "KS",
        [("Szkolenie z kontroli zarządczej", "Standardy KZ (MF 2009)", 3)],
    ),
]

ENTRIES = [
    ("SA-01", "Obsługa mieszkańców: ewidencja ludności", "high"),
    ("SA-02", "", "high"),
    ("BIT-02", "Bezpieczeństwo systemów informatycznych", "high"),
    ("FN-03", "Podatki i opłaty lokalne", "high"),
    ("OR-01", "Kancelaria i obieg dokumentów", "medium"),
    ("USC", "", "medium"),
    ("SA-03", "", "medium"),
    ("BP", "", "low"),
    ("BHP", "", "low"),
    ("FN-04", "", "medium"),
]

# (title, units, process, clauses by catalogue, lead, team, state, days from today, findings)
# findings: (unit, kind, catalogue, ref or None, description, evidence)
AUDITS = [
    (
        "Audyt ISO 9001: obsługa mieszkańców w Wydziale Spraw Obywatelskich",
        ["SA-01", "SA-02"],
        "Obsługa mieszkańców: ewidencja ludności",
        {"iso9001": ["8.2", "8.5", "8.7", "9.1"]},
        0,
        [1],
        "closed",
        -160,
        [
            (
                "SA-01",
                "minor",
                "iso9001",
                "8.5",
                "Karty usług na stanowiskach 3 i 5 są nieaktualne.",
                "Karty z 2023 r. przy stanowiskach.",
            ),
            (
                "SA-02",
                "observation",
                "iso9001",
                "9.1",
                "Wyniki ankiet satysfakcji nie są omawiane na naradach.",
                "",
            ),
            (
                "SA-01",
                "good_practice",
                "iso9001",
                "8.2",
                "Lista kontrolna kompletności wniosku przy każdym stanowisku.",
                "",
            ),
        ],
    ),
    (
        "Audyt kancelarii i obiegu dokumentów",
        ["OR-01"],
        "Kancelaria i obieg dokumentów",
        {"iso9001": ["7.5", "8.7"]},
        1,
        [],
        "closed",
        -120,
        [
            (
                "OR-01",
                "minor",
                "iso9001",
                "7.5",
                "Brak rejestru pism zwróconych przez operatora pocztowego.",
                "Próba 20 spraw z marca.",
            )
        ],
    ),
    (
        "Audyt SZBI: Referat Systemów Informatycznych",
        ["BIT-02"],
        "Bezpieczeństwo systemów informatycznych",
        {"iso27001": ["6.1.2", "8.1", "A.5.15", "A.8.13"]},
        1,
        [],
        "reported",
        -40,
        [
            (
                "BIT-02",
                "major",
                "iso27001",
                "A.8.13",
                "Kopie zapasowe systemu dziedzinowego nie są testowane.",
                "Brak protokołów odtworzenia za 12 miesięcy.",
            ),
            (
                "BIT-02",
                "improvement",
                "iso27001",
                "A.5.15",
                "Przegląd uprawnień można zautomatyzować raportem z AD.",
                "",
            ),
        ],
    ),
    (
        "Kontrola zarządcza: Referat Podatków i Opłat Lokalnych",
        ["FN-03"],
        "Podatki i opłaty lokalne",
        {"kontrola-zarzadcza": ["B.7", "C.14", "E.20"]},
        2,
        [0],
        "in_progress",
        -5,
        [
            (
                "FN-03",
                "observation",
                "kontrola-zarzadcza",
                None,
                "Rejestr ryzyk referatu nie był aktualizowany od roku.",
                "",
            )
        ],
    ),
    (
        "Audyt ISO 9001: Urząd Stanu Cywilnego",
        ["USC"],
        "",
        {"iso9001": ["8.5", "8.7", "10.2"]},
        0,
        [2],
        "planned",
        20,
        [],
    ),
    (
        "Audyt ISO 9001: Referat Działalności Gospodarczej",
        ["SA-03"],
        "",
        {"iso9001": ["7.2", "8.5"], "kontrola-zarzadcza": ["A.2"]},
        2,
        [],
        "planned",
        45,
        [],
    ),
]


def _within(day: date, year: int) -> date:
    return min(max(day, date(year, 1, 2)), date(year, 12, 30))


def _clause(code: str, ref: str) -> Clause:
    return Clause.objects.get(catalogue__code=code, ref=ref)


def seed(context: DemoContext) -> None:
    heads = context.shared["heads"]
    manager, hr = heads["PJ"].user, heads["KS"].user
    today = context.today
    units = {u.code: u for u in Unit.objects.all()}
    auditors = _auditors(context, hr, manager, units, today)
    year = today.year
    with audit_context(user=manager):
        programme = programme_services.programme_create(
            by=manager,
            year=year,
            objectives="Ocena skuteczności systemu zarządzania jakością (ISO 9001), systemu "
            "zarządzania bezpieczeństwem informacji (ISO/IEC 27001) i kontroli zarządczej; "
            "priorytet: obsługa mieszkańców.",
        )
        for code, process, risk in ENTRIES:
            if code in units:
                programme_services.entry_add(
                    programme=programme, by=manager, unit=units[code], risk=risk, process=process
                )
        programme_services.programme_approve(programme=programme, by=manager)
    for title, codes, process, clauses, lead, team, state, offset, findings in AUDITS:
        start = _within(today + timedelta(days=offset), year)
        with audit_context(user=manager):
            audit = audit_services.audit_plan(
                by=manager,
                programme=programme,
                title=title,
                units=[units[c] for c in codes],
                clauses=[_clause(cat, ref) for cat, refs in clauses.items() for ref in refs],
                planned_start=start,
                planned_end=_within(start + timedelta(days=2), year),
                lead=auditors[lead],
                team=[auditors[i] for i in team],
                process=process,
                scope="Sprawdzenie zgodności z kryteriami audytu i skuteczności procesu.",
            )
        _advance(audit, state, findings, manager, units)


def _auditors(context, hr, manager, units, today) -> list:
    position = Position.objects.filter(name="Inspektor").first() or Position.objects.order_by("pk")[0]
    users = []
    for index, (username, first, last, code, qualifications) in enumerate(AUDITORS):
        with audit_context(user=hr):
            staff = org_services.staff_create(
                username=username,
                first_name=first,
                last_name=last,
                email="",
                employee_number=f"AW{index + 1:03d}",
                position=position,
                primary_unit=units[code],
                password=DEMO_PASSWORD,
            )
            org_services.role_grant(user=staff.user, role="internal_auditor")
        context.logins.append(DemoLogin(username=username, role="internal_auditor", password=DEMO_PASSWORD))
        with audit_context(user=manager):
            auditor = programme_services.auditor_register(by=manager, user=staff.user)
            for title, standards, years in qualifications:
                programme_services.qualification_add(
                    auditor=auditor,
                    by=manager,
                    title=title,
                    standards=standards,
                    obtained_on=today - timedelta(days=365 * years),
                    valid_until=None,
                )
        users.append(staff.user)
    return users


def _advance(audit: Audit, state: str, findings, manager, units) -> None:
    if state == "planned":
        return
    lead = audit.lead
    with audit_context(user=lead):
        audit_services.audit_start(audit=audit, by=lead)
        items = list(audit.checklist.select_related("clause"))
        answered = items if state != "in_progress" else items[: len(items) // 2]
        nonconforming = {(f[2], f[3]) for f in findings if f[1] in Finding.NONCONFORMITIES}
        for item in answered:
            key = (item.clause.catalogue.code, item.clause.ref)
            result = (
                ChecklistItem.Result.NONCONFORMS if key in nonconforming else ChecklistItem.Result.CONFORMS
            )
            audit_services.checklist_answer(
                item=item, by=lead, result=result, evidence="Wywiad z kierownikiem, przegląd próbki spraw."
            )
        for code, kind, catalogue, ref, description, evidence in findings:
            audit_services.finding_record(
                audit=audit,
                by=lead,
                kind=kind,
                unit=units[code],
                clause=_clause(catalogue, ref) if ref else None,
                description=description,
                evidence=evidence,
            )
        if state == "in_progress":
            return
        audit_services.audit_report(
            audit=audit,
            by=lead,
            summary="System funkcjonuje; ustalenia wymagają działań korygujących w terminie.",
        )
    if state == "reported":
        return
    for unit in audit.units.select_related("head__user"):
        head = unit.head.user  # type: ignore[union-attr]  # every demo unit has its head
        with audit_context(user=head):
            audit_services.findings_acknowledge(
                audit=audit, unit=unit, by=head, comment="Przyjmuję ustalenia."
            )
    with audit_context(user=manager):
        audit_services.audit_close(audit=audit, by=manager)
