"""Competence development in headless Chromium (issue 14): a superior completes and delivers a
periodic assessment, the employee appeals against it and the head of the office decides the appeal;
the HR officer builds next year's training plan from the gap matrix; an employee downloads the
certificate of a training they completed, and one of her own that she adds. axe-core on every page.

The pages are read in English (the language switch's cookie), so the test does not depend on the
state of the Polish translations; the records are made through the services, as their users would.
"""

import hashlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in_as
from tests.factories import PositionFactory, StaffFactory, UnitFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(office, units):
    """The office of tests/competence/conftest.py, smaller: the mayor heads the office (PM) and
    decides appeals; the chief of SA-01 is the direct superior of two inspectors there, the official
    assessed and her colleague; the HR officer works in SA."""
    from magistrat.org.models import Position

    pm = UnitFactory(code="PM", name="Prezydent Miasta", kind="management")
    for code in ("SA", "FN"):
        units[code].parent = pm
        units[code].save()

    def head(unit, position, **names):
        staff = StaffFactory(unit=unit, position=position, employed_since=date(2020, 3, 2), **names)
        unit.head = staff
        unit.save()
        return staff

    elected = PositionFactory(name="Prezydent Miasta", category=Position.Category.ELECTED, is_managerial=True)
    director = PositionFactory(name="Dyrektor Wydziału", is_managerial=True)
    inspector = PositionFactory(name="Inspektor")
    found = {
        "mayor": head(pm, elected, user__first_name="Marta", user__last_name="Burmistrzowa"),
        "sa_chief": head(units["SA"], director),
        "sa01_chief": head(
            units["SA-01"],
            PositionFactory(name="Kierownik Referatu", is_managerial=True),
            user__first_name="Kamil",
            user__last_name="Kierowniczy",
        ),
        "official": StaffFactory(
            unit=units["SA-01"],
            position=inspector,
            employed_since=date(2020, 3, 2),
            user__first_name="Ewa",
            user__last_name="Oceniana",
        ),
        "colleague": StaffFactory(
            unit=units["SA-01"],
            position=inspector,
            employed_since=date(2020, 3, 2),
            user__first_name="Piotr",
            user__last_name="Biegły",
        ),
        "hr": StaffFactory(
            unit=units["SA"],
            position=PositionFactory(name="Specjalista ds. kadr"),
            employed_since=date(2020, 3, 2),
        ),
    }
    grant(found["hr"].user, "hr_officer")
    return found


def fact(page, term):
    """The value of `term` in the page's first list of facts (<dl class="facts">)."""
    return page.locator("dl.facts").first.locator(f"dt:text-is('{term}') + dd")


# 1. A superior completes and delivers an assessment; the employee appeals; the head decides.


def test_superior_delivers_an_assessment_the_employee_appeals_and_the_head_decides(
    page, live_server, people, today
):
    from magistrat.competence.models import Appeal, Assessment
    from magistrat.core.models import AuditEntry

    chief, official, mayor = people["sa01_chief"], people["official"], people["mayor"]
    sign_in_as(page, live_server, chief.user)
    assert_accessible(page)
    page.get_by_role("link", name="My periodic assessments").click()
    page.get_by_role("heading", name="My direct reports").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name=f"Start assessment {official}").click()
    page.wait_for_url(re.compile(r"/competence/assessments/\d+/marks/$"))
    page.get_by_text(f"Assessment of {official} started.").wait_for()
    assessment = Assessment.objects.get(employee=official)
    assert assessment.state == Assessment.State.DRAFT and assessment.superior == chief.user
    assert_accessible(page)

    # Below the pass mark (3.00) on every criterion but one: a negative assessment. The last
    # criterion waits for a talk with the employee: the draft is saved without it.
    criteria = assessment.order.criteria
    *first, last = criteria
    for criterion in first:
        mark = "3" if criterion["code"] == "law" else "2"
        page.get_by_role("combobox", name=criterion["name"]).select_option(mark)
    page.get_by_label(f"Comment: {criteria[1]['name']}").fill("Three decisions issued after the deadline.")
    page.get_by_label("Conclusions").fill("Training in administrative procedure (KPA).")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Marks saved.").wait_for()
    expect(page.get_by_role("combobox", name=first[0]["name"])).to_have_value("2")
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT and assessment.marks[last["code"]]["value"] is None
    assert assessment.marks[criteria[1]["code"]]["comment"] == "Three decisions issued after the deadline."

    # Back from the home page's reminder; making it with a criterion unmarked is refused.
    page.get_by_role("link", name="Home", exact=True).click()
    page.get_by_role("link", name=f"Complete the periodic assessment of {official}").click()
    page.wait_for_url(re.compile(rf"/competence/assessments/{assessment.pk}/$"))
    expect(fact(page, "State")).to_have_text("being prepared")
    assert_accessible(page)
    page.get_by_role("link", name="Fill in the marks").click()
    page.get_by_role("button", name="Save and make the assessment").click()
    page.get_by_role("alert").get_by_text(
        "Give a mark for every criterion before making the assessment."
    ).wait_for()
    assert_accessible(page)
    assert Assessment.objects.get(pk=assessment.pk).state == Assessment.State.DRAFT
    page.get_by_role("combobox", name=last["name"]).select_option("2")
    page.get_by_role("button", name="Save and make the assessment").click()
    page.wait_for_url(re.compile(rf"/competence/assessments/{assessment.pk}/$"))
    page.get_by_text("The assessment is made: deliver it without delay.").wait_for()
    expect(fact(page, "State")).to_have_text("made, to be delivered")
    expect(fact(page, "Outcome")).to_have_text("negative")
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.ISSUED and assessment.outcome == "negative"
    assert assessment.score == Decimal("2.14") and assessment.assessed_on == today

    page.get_by_label("Delivered to the employee on").fill(today.isoformat())
    page.get_by_label("Delivered to the head of the office on").fill(today.isoformat())
    page.get_by_role("button", name="Record delivery").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    expect(fact(page, "State")).to_have_text("delivered")
    expect(page.get_by_role("button", name="Record delivery")).to_have_count(0)
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DELIVERED
    assert assessment.delivered_on == today and assessment.delivered_to_head_on == today

    # The employee appeals within the 7 days (art. 27 ust. 5).
    sign_in_as(page, live_server, official.user)
    assert_accessible(page)
    page.get_by_role("link", name="My periodic assessments").click()
    page.get_by_role("heading", name="My periodic assessments").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=str(official)).click()
    page.wait_for_url(re.compile(rf"/competence/assessments/{assessment.pk}/$"))
    page.get_by_role("heading", name="Appeal to the head of the office").wait_for()
    assert_accessible(page)
    page.get_by_label("Reasons of the appeal").fill(
        "The deadlines were missed while I stood in for two colleagues."
    )
    page.get_by_role("button", name="File the appeal").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    expect(fact(page, "State")).to_have_text("appealed")
    expect(page.get_by_role("heading", name="Appeal", exact=True)).to_be_visible()
    assert_accessible(page)
    appeal = Appeal.objects.get(assessment=assessment)
    assert appeal.filed_by == official.user and appeal.filed_on == today and appeal.decision == ""
    assert Assessment.objects.get(pk=assessment.pk).state == Assessment.State.APPEALED

    # The head of the office finds it on the home page and changes the assessment (ust. 6-7).
    sign_in_as(page, live_server, mayor.user)
    assert_accessible(page)
    page.get_by_role("link", name=f"Decide the appeal of {official} against a periodic assessment").click()
    page.wait_for_url(re.compile(rf"/competence/assessments/{assessment.pk}/#appeal$"))
    assert_accessible(page)
    page.get_by_role("combobox", name="Decision").select_option("changed")
    page.get_by_label("Changed outcome (when the assessment is changed)").select_option("positive")
    page.get_by_label("Reasons of the decision").fill("The stand-ins were ordered by the superior.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    expect(fact(page, "State")).to_have_text("appeal decided")
    expect(fact(page, "Outcome")).to_have_text("negative; changed on appeal to positive")
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    assert_accessible(page)
    appeal.refresh_from_db()
    assert (appeal.decision, appeal.changed_outcome, appeal.decided_by) == ("changed", "positive", mayor.user)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DECIDED and assessment.final_outcome == "positive"
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "competence.assessment.started",
        "competence.assessment.issued",
        "competence.assessment.delivered",
        "competence.appeal.filed",
        "competence.appeal.decided",
    }


# 2. The HR officer builds next year's training plan from the gap matrix.


@pytest.fixture
def gap(people):
    """Inspectors need KPA at level 3: the official's superior confirmed level 1, her colleague's 3."""
    from magistrat.competence.models import Competence
    from magistrat.competence.services import framework, levels

    kpa = Competence.objects.get(code="kpa")
    framework.requirement_set(
        user=people["hr"].user,
        position=people["official"].position,
        competence=kpa,
        level=3,
        on=date(2024, 1, 1),
    )
    for person, level in ((people["official"], 1), (people["colleague"], 3)):
        levels.level_record(
            user=people["sa01_chief"].user,
            staff=person,
            competence=kpa,
            level=level,
            source="superior",
            assessed_on=date(2025, 1, 10),
        )
    return kpa


def test_hr_officer_builds_the_training_plan_from_the_gap_matrix(
    page, live_server, people, gap, units, today
):
    from magistrat.competence.models import TrainingNeed, TrainingPlan

    year = today.year + 1
    sign_in_as(page, live_server, people["hr"].user)
    assert page.goto("/competence/").status == 200
    assert_accessible(page)
    page.get_by_role("link", name="Gap matrix").click()
    page.get_by_role("heading", name="Competence gap matrix").wait_for()
    assert_accessible(page)
    office_row = page.get_by_role("row", name=re.compile("^SA-01 "))
    expect(office_row).to_contain_text("1 of 2 meet (50%)")
    office_row.get_by_role("link", name=re.compile("^SA-01 ")).click()
    page.get_by_role("heading", name=re.compile("Competence gaps: SA-01")).wait_for()
    row = page.get_by_role("row", name=re.compile(str(people["official"])))
    expect(row.get_by_role("cell")).to_have_text(["1", re.compile("1 of 3 required: gap 2")])
    assert_accessible(page)

    page.get_by_role("link", name="Training needs").click()
    page.get_by_role("heading", name=f"Training needs {today.year}").wait_for()
    assert_accessible(page)
    page.get_by_label("Year", exact=True).fill(str(year))
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name=f"Training needs {year}").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="The plan with budget totals per unit").click()
    page.get_by_role("heading", name=f"Training plan {year}").wait_for()
    expect(page.get_by_text("No needs or budgets for this year yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add needs from the gap matrix").click()
    page.get_by_text("Needs added from the gap matrix: 1.").wait_for()
    totals = page.get_by_role("table", name="Budget per unit (PLN)")
    sa01 = totals.get_by_role("row", name=re.compile("^SA-01 "))
    expect(sa01.get_by_role("cell")).to_have_text(
        ["1", "0.00", "0.00", "0.00", "0.00"]
    )  # needs, budget, …, left
    assert_accessible(page)
    need = TrainingNeed.objects.get()
    assert (need.plan.year, need.staff, need.competence, need.target_level, need.source) == (
        year,
        people["official"],
        gap,
        3,
        TrainingNeed.Source.GAP,
    )

    page.get_by_role("combobox", name="Unit").select_option(str(units["SA-01"].pk))
    page.get_by_label("Budget (PLN)").fill("5000")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Budget saved.").wait_for()
    expect(sa01.get_by_role("cell")).to_have_text(["1", "5000.00", "0.00", "0.00", "5000.00"])
    assert_accessible(page)

    # The item's planned cost, on the list of needs.
    page.get_by_role("link", name="The items (training needs)").click()
    page.get_by_role("heading", name=f"Training needs {year}").wait_for()
    item = page.get_by_role("row", name=re.compile(str(people["official"])))
    expect(item).to_contain_text("Gap: level 1 of 3 required")
    assert_accessible(page)
    item.get_by_label("Planned").fill("1200")
    item.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    expect(item.get_by_label("Planned")).to_have_value("1200.00")
    assert_accessible(page)
    assert TrainingNeed.objects.get(pk=need.pk).planned_cost == Decimal("1200")

    page.get_by_role("link", name="The plan with budget totals per unit").click()
    expect(sa01.get_by_role("cell")).to_have_text(["1", "5000.00", "1200.00", "0.00", "3800.00"])
    assert_accessible(page)
    page.get_by_role("button", name="Approve the plan").click()
    page.get_by_text("Training plan approved.").wait_for()
    expect(page.get_by_text(re.compile("State: approved"))).to_be_visible()
    expect(page.get_by_role("button", name="Approve the plan")).to_have_count(0)
    assert_accessible(page)
    plan = TrainingPlan.objects.get(year=year)
    assert plan.state == TrainingPlan.State.APPROVED and plan.approved_by == people["hr"].user
    assert plan.budgets.get().amount == Decimal("5000")


# 3. An employee downloads the certificate of a training they completed.


def test_employee_downloads_their_certificates(page, live_server, people, today):
    from magistrat.competence.models import Certificate
    from magistrat.competence.services import trainings
    from magistrat.core.models import AuditEntry
    from magistrat.core.uploads import CheckedFile
    from tests.competence.training_helpers import complete, training

    official = people["official"]
    course = training(people, title="Ochrona danych osobowych w urzędzie")
    enrolment = complete(people, course, official)
    content = b"%PDF-1.4\n% certificate of Ewa Oceniana, RODO/7\ntrailer<<>>\n%%EOF\n"
    certificate = trainings.certificate_add(
        user=people["hr"].user,
        enrolment=enrolment,
        file=CheckedFile(
            "certyfikat-rodo.pdf",
            "pdf",
            "application/pdf",
            len(content),
            hashlib.sha256(content).hexdigest(),
            content,
        ),
        issued_on=course.ends_on,
        number="RODO/7",
    )

    sign_in_as(page, live_server, official.user)
    assert_accessible(page)
    page.get_by_role("link", name="My trainings").click()
    page.get_by_role("heading", name="My trainings", level=1).wait_for()
    row = page.locator(f"#enrolment-{enrolment.pk}")
    expect(row.get_by_role("cell", name="completed", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        row.get_by_role("link", name="certyfikat-rodo.pdf").click()
    assert download.value.suggested_filename == "certyfikat-rodo.pdf"
    assert Path(download.value.path()).read_bytes() == content
    entry = AuditEntry.objects.get(action="competence.certificate.downloaded")
    assert entry.actor == official.user and entry.object_id == str(certificate.pk)

    # A certificate of her own (the provider's, sent to her) is added on the training's page and
    # comes back as it went.
    row.get_by_role("link", name="Ochrona danych osobowych w urzędzie").click()
    page.get_by_role("heading", name=re.compile("Ochrona danych osobowych w urzędzie")).wait_for()
    assert_accessible(page)
    own = b"%PDF-1.7\n% Fundacja Rozwoju Samorzadu: zaswiadczenie 118/2026\n%%EOF\n"
    page.get_by_label("Certificate (PDF or image)").set_input_files(
        {"name": "zaswiadczenie-118.pdf", "mimeType": "application/pdf", "buffer": own}
    )
    page.get_by_label("Certificate number").fill("118/2026")
    page.get_by_label("Issued on").fill(course.ends_on.isoformat())
    page.get_by_role("button", name="Add the certificate").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    expect(page.locator("main li").filter(has_text="zaswiadczenie-118.pdf")).to_contain_text("(118/2026)")
    assert_accessible(page)
    added = Certificate.objects.get(number="118/2026")
    assert (added.enrolment, added.uploaded_by, added.size) == (enrolment, official.user, len(own))
    with page.expect_download() as again:
        page.locator("main").get_by_role("link", name="zaswiadczenie-118.pdf").click()
    assert Path(again.value.path()).read_bytes() == own
    assert AuditEntry.objects.filter(action="competence.certificate.downloaded").count() == 2
