"""The demo office's trainings (called at the end of `demo_model.seed`): this year's plan with unit
budgets, needs from the gap matrix and from people, ~15 trainings over two years with enrolments,
attendance and certificates (some expiring, some expired), the mandatory trainings (GDPR, OHS,
information security) for part of the staff, Kirkpatrick data for a few trainings (level 4 for
a customer-service one) and a training leave. Written through the services as the people who act."""

from datetime import date, timedelta
from decimal import Decimal

from magistrat.competence.models import Competence
from magistrat.competence.schedule import UnitTree, primary_unit_id
from magistrat.competence.services import levels, training_plan, trainings
from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.core.uploads import CheckedFile
from magistrat.org.models import Staff, Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# title, provider kind, provider, form, days ago it started, days, hours, cost, mandatory code,
# competences, certificate validity in days (None: no certificate; 0: one without expiry)
TRAININGS = [
    (
        "Szkolenie okresowe BHP dla pracowników administracyjno-biurowych",
        "external",
        "Ośrodek BHP Sp. z o.o.",
        "classroom",
        690,
        1,
        "8",
        "2400",
        "ohs-periodic",
        [],
        0,
    ),
    (
        "Ochrona danych osobowych w urzędzie (RODO)",
        "internal",
        "Inspektor ochrony danych",
        "workshop",
        300,
        1,
        "4",
        "0",
        "gdpr",
        ["gdpr"],
        None,
    ),
    (
        "Świadomość bezpieczeństwa informacji: phishing i hasła",
        "internal",
        "Pełnomocnik ds. SZBI",
        "elearning",
        340,
        1,
        "2",
        "0",
        "infosec-awareness",
        ["infosec"],
        None,
    ),
    (
        "Kodeks postępowania administracyjnego — nowelizacje",
        "external",
        "Fundacja Rozwoju Demokracji Lokalnej",
        "classroom",
        420,
        2,
        "14",
        "1800",
        "",
        ["kpa"],
        0,
    ),
    (
        "Obsługa klienta i komunikacja z mieszkańcem",
        "external",
        "Centrum Szkoleń Samorządowych",
        "workshop",
        240,
        2,
        "12",
        "3200",
        "",
        ["communication"],
        0,
    ),
    (
        "Pierwsza pomoc przedmedyczna",
        "external",
        "Polski Czerwony Krzyż",
        "classroom",
        700,
        1,
        "8",
        "900",
        "",
        [],
        365,
    ),
    (
        "Pierwsza pomoc przedmedyczna — odnowienie",
        "external",
        "Polski Czerwony Krzyż",
        "classroom",
        330,
        1,
        "8",
        "900",
        "",
        [],
        380,
    ),
    (
        "Dostęp do informacji publicznej w praktyce",
        "external",
        "Szkoła Administracji Publicznej",
        "webinar",
        150,
        1,
        "4",
        "450",
        "",
        ["public-information"],
        0,
    ),
    (
        "Arkusze kalkulacyjne w pracy urzędnika",
        "internal",
        "Wydział Informatyki",
        "workshop",
        200,
        1,
        "6",
        "0",
        "",
        ["office-software"],
        None,
    ),
    (
        "E-usługi i ePUAP od strony urzędu",
        "internal",
        "Wydział Informatyki",
        "elearning",
        120,
        1,
        "3",
        "0",
        "",
        ["e-services"],
        None,
    ),
    (
        "Instrukcja kancelaryjna i EZD",
        "internal",
        "Archiwum zakładowe",
        "classroom",
        560,
        1,
        "4",
        "0",
        "",
        ["office-instruction"],
        None,
    ),
    (
        "Zarządzanie zespołem w administracji",
        "external",
        "Krajowa Szkoła Administracji Publicznej",
        "workshop",
        380,
        3,
        "21",
        "4200",
        "",
        ["team-leading"],
        0,
    ),
    (
        "Finanse publiczne dla kierowników",
        "external",
        "Regionalna Izba Obrachunkowa",
        "conference",
        90,
        1,
        "6",
        "600",
        "",
        ["public-finance"],
        0,
    ),
    (
        "Ochrona danych osobowych — szkolenie coroczne",
        "internal",
        "Inspektor ochrony danych",
        "elearning",
        20,
        1,
        "2",
        "0",
        "gdpr",
        ["gdpr"],
        None,
    ),
    (
        "Język łatwy do czytania w pismach urzędowych",
        "external",
        "Fundacja Widzialni",
        "webinar",
        -21,
        1,
        "4",
        "350",
        "",
        ["communication"],
        None,
    ),
]


def _pdf(name: str) -> CheckedFile:
    return CheckedFile(name, "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


def _kpi_code() -> str:
    """A resident-service KPI source if the performance registry holds one (level 4)."""
    from magistrat.performance.sources import registered_sources

    codes = [s.code for s in registered_sources()]
    return next((c for c in codes if "csat" in c or "satisfaction" in c), "")


def seed(context: DemoContext, *, hr, staff: list[Staff]) -> None:
    rng = context.rng
    today = context.today
    officials = [
        s for s in staff if s.employed_since is None or s.employed_since <= today - timedelta(days=30)
    ]
    if len(officials) < 4:
        return
    tree = UnitTree()
    superior = {s.pk: tree.superior_of(s, primary_unit_id(s))[0] for s in officials}
    competences = {c.code: c for c in Competence.objects.all()}
    with audit_context(user=hr):
        _plan(context, hr, officials)
        created = []
        for row in TRAININGS:
            title, kind, provider, form, ago, days, hours, cost, code, comps, validity = row
            starts = today - timedelta(days=ago)
            course = trainings.training_create(
                user=hr,
                title=title,
                provider_kind=kind,
                provider=provider,
                form=form,
                starts_on=starts,
                ends_on=starts + timedelta(days=days - 1),
                hours=Decimal(hours),
                cost=Decimal(cost),
                capacity=max(25, len(officials)) if code else 12,
                mandatory_code=code,
                kpi_code=_kpi_code() if "klienta" in title else "",
                competences=[competences[c] for c in comps if c in competences],
            )
            created.append((course, validity))
    for course, validity in created:
        mandatory = bool(course.mandatory_code)
        employed = [s for s in officials if s.employed_since is None or s.employed_since <= course.starts_on]
        size = len(employed) * 2 // 3 if mandatory else min(len(employed), rng.randint(4, 8))
        participants = rng.sample(employed, size)
        for index, person in enumerate(participants):
            boss = superior.get(person.pk)
            by = boss.user if boss is not None and index % 3 == 0 and course.ends_on >= today else hr
            with audit_context(user=by):
                enrolment = trainings.enrol(user=by, training=course, staff=person)
            if course.starts_on > today:
                continue
            with audit_context(user=hr):
                trainings.attendance_record(user=hr, enrolment=enrolment, attended=index != 1 or mandatory)
                if index == 1 and not mandatory:
                    continue
                done = min(course.ends_on, today)
                trainings.enrolment_complete(user=hr, enrolment=enrolment, on=done)
                if validity is not None and index < 4:
                    trainings.certificate_add(
                        user=hr,
                        enrolment=enrolment,
                        file=_pdf(f"zaswiadczenie-{course.pk}-{person.employee_number}.pdf"),
                        issued_on=done,
                        valid_until=done + timedelta(days=validity) if validity else None,
                        number=f"{course.pk}/{index + 1}/{done.year}",
                    )
            _kirkpatrick(context, course, enrolment, boss, hr, index)
    _leave(context, hr, officials)


def _kirkpatrick(context, course, enrolment, boss, hr, index) -> None:
    """Levels 1–3 for the trainings that measure their effect, and a raised level (4) after some."""
    if not course.competences.exists() or course.starts_on > context.today - timedelta(days=100):
        return
    if enrolment.state != "completed":
        return
    rng = context.rng
    person = enrolment.staff
    with audit_context(user=person.user):
        trainings.reaction_submit(
            user=person.user,
            enrolment=enrolment,
            rating=rng.choice([3, 4, 4, 5, 5]),
            comment=rng.choice(["", "Dużo praktycznych przykładów.", "Za mało czasu na pytania."]),
        )
    with audit_context(user=hr):
        pre = rng.randint(35, 65)
        trainings.scores_record(
            user=hr, enrolment=enrolment, pre_score=pre, post_score=min(100, pre + rng.randint(10, 35))
        )
    due = trainings.behaviour_due_on(enrolment)
    if boss is None or due is None or due > context.today:
        return
    with audit_context(user=boss.user):
        trainings.behaviour_assess(
            user=boss.user,
            enrolment=enrolment,
            rating=rng.choice([3, 4, 4, 5]),
            comment="Stosuje wiedzę ze szkolenia w sprawach.",
            on=due,
        )
        if index % 2 == 0:
            competence = course.competences.first()
            levels.level_record(
                user=boss.user,
                staff=person,
                competence=competence,
                level=min(competence.top_level, 3),
                source="superior",
                assessed_on=due,
                note=f"Po szkoleniu: {course.title}",
            )


def _plan(context: DemoContext, hr, officials: list[Staff]) -> None:
    year = context.today.year
    unit_ids = sorted({uid for s in officials if (uid := primary_unit_id(s)) is not None})
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("code"):
        training_plan.budget_set(
            user=hr, year=year, unit=unit, amount=Decimal(context.rng.choice([8000, 12000, 15000]))
        )
    training_plan.needs_from_gaps(user=hr, year=year, on=context.today)
    for person in officials[:3]:
        with audit_context(user=person.user):
            training_plan.need_raise(
                user=person.user,
                staff=person,
                year=year,
                description="Studia podyplomowe: zarządzanie w administracji publicznej",
                planned_cost=Decimal("6500"),
            )
    for index, need in enumerate(training_plan.plan_for_year(year=year).needs.order_by("pk")[:12]):
        training_plan.need_update(
            user=hr,
            need=need,
            planned_cost=Decimal(400 + 150 * (index % 5)),
            actual_cost=Decimal(380 + 150 * (index % 5)) if index % 3 == 0 else None,
        )
    training_plan.plan_approve(
        user=hr, plan=training_plan.plan_for_year(year=year), on=min(date(year, 1, 15), context.today)
    )
    # next year's plan is still a draft: a need raised by a person
    with audit_context(user=officials[-1].user):
        training_plan.need_raise(
            user=officials[-1].user,
            staff=officials[-1],
            year=year + 1,
            description="Kurs języka angielskiego B2",
        )


def _leave(context: DemoContext, hr, officials: list[Staff]) -> None:
    person = officials[len(officials) // 2]
    with audit_context(user=hr):
        training_plan.leave_grant(
            user=hr,
            staff=person,
            kind="final-year",
            starts_on=context.today - timedelta(days=45),
            days=10,
            study="Administracja, studia II stopnia (ostatni rok), Uniwersytet Łódzki",
        )
