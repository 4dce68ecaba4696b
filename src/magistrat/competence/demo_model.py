"""The demo office's competence model: required levels for its official positions (from the
job descriptions, one raised a year ago), assessed levels with some history for the staff of a
few units (every unit in the full demo) recorded by their direct superiors, certificates recorded
by HR and self-assessments, and two preparatory services (one with the exam falling due soon,
one exempted from the service with the exam passed). Written through the services as the people
who act."""

from datetime import date, timedelta

from magistrat.competence.models import Competence
from magistrat.competence.models.preparatory import last_day_of_term
from magistrat.competence.schedule import UnitTree, primary_unit_id
from magistrat.competence.services import framework, levels, preparatory
from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.org.models import Position, RoleAssignment, Staff

SMALL_UNITS = ["SA", "SA-01", "KS"]

# code: required level for every official post; raised for senior and managerial posts below.
OFFICIAL = {
    "case-handling": 2,
    "office-instruction": 2,
    "kpa": 2,
    "communication": 2,
    "office-software": 2,
    "e-services": 1,
    "infosec": 1,
    "gdpr": 1,
}
SENIOR = {"case-handling": 3, "kpa": 3, "public-information": 2}
MANAGERIAL = {"team-leading": 2, "planning": 2, "conflict": 2, "infosec": 2, "public-finance": 1}
SENIOR_POSTS = {"Główny Specjalista", "Starszy Inspektor"}


def seed(context: DemoContext) -> None:
    grant = RoleAssignment.objects.filter(role="hr_officer").select_related("user").order_by("pk").first()
    if grant is None:
        return
    hr = grant.user
    competences = {c.code: c for c in Competence.objects.all()}
    went_live = context.went_live.date()
    with audit_context(user=hr):
        for position in Position.objects.filter(category=Position.Category.OFFICIAL).order_by("name"):
            for code, level in _required(position).items():
                if code in competences:
                    framework.requirement_set(
                        user=hr,
                        position=position,
                        competence=competences[code],
                        level=level,
                        basis="Opis stanowiska pracy",
                        on=went_live,
                    )
        inspector = Position.objects.filter(name="Inspektor").first()
        if inspector is not None and "infosec" in competences:  # raised after the ISMS audit
            framework.requirement_set(
                user=hr,
                position=inspector,
                competence=competences["infosec"],
                level=2,
                basis="Opis stanowiska pracy (zmiana po audycie SZBI)",
                on=context.today - timedelta(days=365),
            )
    units = context.shared["units"]
    codes = SMALL_UNITS if context.small else [*SMALL_UNITS, *[c for c in units if c not in SMALL_UNITS][:5]]
    staff = list(
        Staff.objects.filter(
            memberships__unit__in=[units[c] for c in codes if c in units],
            memberships__is_primary=True,
            is_active=True,
        )
        .select_related("user", "position")
        .prefetch_related("memberships")
        .order_by("pk")
    )
    _levels(context, staff, competences, hr)
    _preparatory(context, staff, hr)
    from magistrat.competence import demo_training

    demo_training.seed(context, hr=hr, staff=staff)


def _required(position: Position) -> dict[str, int]:
    required = dict(OFFICIAL)
    if position.name in SENIOR_POSTS or position.is_managerial:
        required |= SENIOR
    if position.is_managerial:
        required |= MANAGERIAL
    return required


def _levels(context: DemoContext, staff: list[Staff], competences: dict, hr) -> None:
    tree = UnitTree()
    rng = context.rng
    first, second = context.today - timedelta(days=600), context.today - timedelta(days=120)
    for index, person in enumerate(staff):
        if person.position.category != Position.Category.OFFICIAL:
            continue
        boss, _reason = tree.superior_of(person, primary_unit_id(person))
        if boss is None:
            continue
        wanted = _required(person.position)
        codes = [c for c in wanted if c in competences][:5]
        with audit_context(user=boss.user):
            for code in codes:
                level = max(0, wanted[code] + rng.choice([-1, 0, 0, 1]))
                on = _employed(person, first)
                levels.level_record(
                    user=boss.user,
                    staff=person,
                    competence=competences[code],
                    level=level,
                    source="superior",
                    assessed_on=on,
                )
                if level < wanted[code] and rng.random() < 0.6:  # improved since: the history keeps both
                    levels.level_record(
                        user=boss.user,
                        staff=person,
                        competence=competences[code],
                        level=wanted[code],
                        source="superior",
                        assessed_on=_employed(person, second),
                        note="Po szkoleniu.",
                    )
        if index % 4 == 1 and "gdpr" in competences:
            with audit_context(user=hr):
                levels.level_record(
                    user=hr,
                    staff=person,
                    competence=competences["gdpr"],
                    level=2,
                    source="certificate",
                    assessed_on=_employed(person, second),
                    evidence=f"Zaświadczenie RODO nr {100 + index}/2025",
                )
        if index % 5 == 2 and "e-services" in competences:
            with audit_context(user=person.user):
                levels.level_record(
                    user=person.user,
                    staff=person,
                    competence=competences["e-services"],
                    level=3,
                    source="self",
                    assessed_on=context.today - timedelta(days=30),
                )


def _employed(person: Staff, day: date) -> date:
    return max(day, person.employed_since) if person.employed_since else day


def _preparatory(context: DemoContext, staff: list[Staff], hr) -> None:
    tree = UnitTree()
    newcomers = [
        s
        for s in staff
        if s.position.category == Position.Category.OFFICIAL
        and not s.position.is_managerial
        and tree.superior_of(s, primary_unit_id(s))[0] is not None
    ][-2:]
    plans = [
        "1. Zapoznanie z regulaminem organizacyjnym i instrukcją kancelaryjną.\n"
        "2. Ustawa o pracownikach samorządowych, KPA, RODO i bezpieczeństwo informacji.\n"
        "3. Praktyka na stanowisku pod opieką mentora.\n4. Egzamin przed komisją.",
        "Program skrócony: zwolnienie ze służby, egzamin z ustroju samorządu, KPA i etyki.",
    ]
    for index, person in enumerate(newcomers):
        mentor = (
            next(
                (s for s in staff if s.pk != person.pk and primary_unit_id(s) == primary_unit_id(person)),
                None,
            )
            or tree.superior_of(person, primary_unit_id(person))[0]
        )
        if mentor is None:
            continue
        start = context.today - timedelta(days=165 if index == 0 else 400)
        with audit_context(user=hr):
            service = preparatory.preparatory_open(
                user=hr,
                staff=person,
                contract_start=start,
                contract_end=last_day_of_term(start, "first_contract_max"),
                starts_on=start,
                ends_on=last_day_of_term(start, "preparatory_service_max"),
                mentor=mentor,
                plan=plans[index],
            )
            if index == 1:
                preparatory.preparatory_exempt(
                    user=hr,
                    service=service,
                    reason="Wieloletnie doświadczenie w administracji rządowej.",
                    on=start + timedelta(days=3),
                )
                preparatory.preparatory_schedule_exam(
                    user=hr, service=service, exam_on=start + timedelta(days=60)
                )
                preparatory.preparatory_record_result(
                    user=hr,
                    service=service,
                    result="passed",
                    note="Wynik 42/50 pkt.",
                    on=start + timedelta(days=60),
                )
