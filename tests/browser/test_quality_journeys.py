"""The quality management system in headless Chromium (issue 12, "Demo and documentation"): the
quality manager raises a nonconformity from a satisfaction alert, plans a corrective action that its
owner marks done, and later confirms its effectiveness and closes the record; a member of staff
acknowledges a document addressed to them; an internal auditor records findings, a nonconformity
among them; and the new quality pages reflow on phones. axe-core on every page.

The pages are read in English (the language switch's cookie), so the test does not depend on the
state of the Polish translations; the records are made through the services, as their users would.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in_as
from tests.browser.test_reflow import LONG_WORD, OVERFLOWING, PHONES
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def owner(units):
    """A member of FN staff without any role: owns actions, processes and risks."""
    return StaffFactory(unit=units["FN"], user__first_name="Olga", user__last_name="Właścicielska").user


@pytest.fixture
def leader(units):
    return grant(StaffFactory(unit=units["SA"]).user, "leadership")


def working_day_ahead(today, days=21):
    from magistrat.core.deadlines import is_working_day

    day = today + timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


# 1. A satisfaction alert becomes a nonconformity, is corrected and closed once effective.


@pytest.fixture
def satisfaction_alert(office, units, quality):
    """FN's desk is surely below its 80% target: 62 of 100 residents satisfied in the last days."""
    from magistrat.feedback.models import ServicePoint, Survey
    from magistrat.feedback.services import points
    from tests.feedback.ratings import add_ratings

    target = points.target_set(unit=units["FN"], target_percent=80, user=quality)
    point = ServicePoint.objects.create(
        code="C-S01", name="Kasa", unit=units["FN"], survey=Survey.objects.get(slug="desk")
    )
    add_ratings(point, [5] * 62 + [1] * 38, days_ago=5)
    return target, point


def test_quality_manager_corrects_a_satisfaction_drop_and_closes_it_once_effective(
    page, live_server, satisfaction_alert, quality, owner, units, today
):
    from magistrat.core.models import AuditEntry
    from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity
    from tests.feedback.ratings import add_ratings

    target, point = satisfaction_alert
    sign_in_as(page, live_server, quality)
    # The alert waits on the "raise a nonconformity" page, among the candidates of the sources.
    page.goto("/quality/nonconformities/raise/")
    assert_accessible(page)
    candidate = page.locator(f'main li a[href$="?source=satisfaction_drop&object={target.pk}"]')
    expect(candidate).to_have_count(1)
    expect(candidate).to_contain_text("Raise a nonconformity")
    candidate.click()
    # The form comes filled in from the alert: FN, with the figures of the trigger period.
    page.wait_for_url(re.compile(r"source=satisfaction_drop"))
    expect(page.locator("#id_title")).not_to_have_value("")
    expect(page.locator("#id_unit option:checked")).to_contain_text("FN")
    assert_accessible(page)
    page.locator("#id_correction").fill("A second clerk sits at the cash desk at once.")
    page.get_by_role("button", name="Raise", exact=True).click()
    page.wait_for_url(re.compile(r"/quality/nonconformities/\d+/$"))
    nc = Nonconformity.objects.get()
    assert (nc.source, nc.linked_id, nc.unit) == ("satisfaction_drop", target.pk, units["FN"])
    assert nc.trigger["n"] == 100 and nc.trigger["satisfied"] == 62
    expect(page.get_by_role("heading", level=1)).to_contain_text(nc.number)
    assert_accessible(page)

    # Analysis, then a corrective action for the owner.
    page.get_by_role("link", name="Analyse").click()
    page.locator("#id_root_cause").fill("One clerk serves the desk at the busiest hours.")
    page.locator("#id_why_1").fill("Residents wait long")
    page.locator("#id_because_1").fill("One clerk at the desk")
    assert_accessible(page)
    page.get_by_role("button", name="Save the analysis").click()
    page.wait_for_url(re.compile(rf"/quality/nonconformities/{nc.pk}/$"))
    page.get_by_role("link", name="Plan a corrective action").click()
    assert_accessible(page)
    due = working_day_ahead(today)
    page.locator("#id_title").fill("Open a second cash desk at rush hours")
    page.locator("#id_owner").select_option(value=str(owner.pk))  # "Właścicielska Olga — unit (code)"
    page.locator("#id_due_on").fill(due.isoformat())
    page.get_by_role("button", name="Plan", exact=True).click()
    page.wait_for_url(re.compile(rf"/quality/nonconformities/{nc.pk}/$"))
    expect(page.get_by_role("cell", name="Open a second cash desk at rush hours")).to_be_visible()
    assert_accessible(page)
    action = Action.objects.get()
    assert (action.owner, action.due_on, action.state) == (owner, due, Action.State.OPEN)

    # The owner marks it done from "My actions".
    sign_in_as(page, live_server, owner)
    page.goto("/quality/actions/mine/")
    assert_accessible(page)
    page.get_by_role("link", name="Open a second cash desk at rush hours").click()
    page.wait_for_url(re.compile(rf"/quality/actions/{action.pk}/$"))
    assert_accessible(page)
    page.locator("#id_note").fill("A second desk is open 8–11 and 14–17.")
    page.get_by_role("button", name="Mark done").click()
    page.get_by_text("Action marked done.").wait_for()
    assert_accessible(page)
    action.refresh_from_db()
    assert action.state == Action.State.DONE and action.done_by == owner
    check = EffectivenessCheck.objects.get(nonconformity=nc)
    assert check.due_on > today  # not yet: the check falls due weeks after the actions

    # Later: the check is due, and residents have rated the desk since the actions.
    EffectivenessCheck.objects.filter(pk=check.pk).update(
        actions_done_on=today - timedelta(days=3), due_on=today
    )
    add_ratings(point, [5] * 90 + [4] * 5 + [2] * 5, days_ago=1)
    sign_in_as(page, live_server, quality)
    page.goto(f"/quality/nonconformities/{nc.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Measure now").click()
    page.get_by_text("Saved.").wait_for()
    effectiveness = page.locator("section.card").last
    expect(effectiveness).to_contain_text("95%")  # after the actions, against 62% before
    assert_accessible(page)
    page.get_by_label("effective", exact=True).check()
    page.locator("#id_note").fill("The rise is beyond chance.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("heading", name="Close the record").wait_for()
    assert_accessible(page)
    page.locator("form[action$='/close/'] textarea[name=note]").fill("Effective: the desk is back on target.")
    page.get_by_role("button", name="Close", exact=True).click()
    page.get_by_text("Saved.").wait_for()
    expect(page.locator("dl.facts").first).to_contain_text("closed")
    assert_accessible(page)
    nc.refresh_from_db()
    assert nc.state == Nonconformity.State.CLOSED
    assert EffectivenessCheck.objects.get(pk=check.pk).verdict == "effective"
    assert set(AuditEntry.objects.filter(object_id=str(nc.pk)).values_list("action", flat=True)) >= {
        "quality.nc.raised",
        "quality.nc.effectiveness_measured",
        "quality.nc.effectiveness_confirmed",
        "quality.nc.closed",
    }


# 2. A member of staff acknowledges a document addressed to their unit.


def test_staff_member_acknowledges_a_document_on_my_documents(
    page, live_server, office, units, quality, owner, today
):
    from magistrat.quality.models import Acknowledgement
    from magistrat.quality.services import documents as docs
    from tests.quality.conftest import pdf

    document = docs.document_create(
        by=quality,
        number="P-04",
        title="Control of documented information",
        kind="procedure",
        owner=owner,
        unit=units["FN"],
        jrwa_symbol="0121",
        archive_category="B10",
    )
    version = docs.version_draft(document=document, by=owner, file=pdf())
    docs.version_submit(version=version, by=owner)
    docs.version_approve(version=version, by=quality, effective_on=today)
    docs.distribution_add(document=document, by=owner, unit=units["FN"])
    clerk = StaffFactory(unit=units["FN"]).user

    sign_in_as(page, live_server, clerk)
    page.goto("/quality/documents/mine/")
    to_do = page.locator("main h2:text-is('To acknowledge') + ul")
    done = page.locator("main h2:text-is('Acknowledged') + ul")
    expect(to_do).to_contain_text("Control of documented information")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("I have read and understood it")).click()
    page.get_by_text("Thank you: your acknowledgement is recorded.").wait_for()
    expect(to_do).to_contain_text("Nothing to acknowledge.")
    expect(done.get_by_role("link", name=re.compile("Control of documented"))).to_be_visible()
    assert_accessible(page)
    assert Acknowledgement.objects.filter(version=version, user=clerk).count() == 1


# 3. An internal auditor records findings on the audit they lead.


@pytest.fixture
def planned_audit(office, units, quality, today):
    from datetime import date

    from magistrat.audits.models import Clause
    from magistrat.audits.services import audits as audit_services
    from magistrat.audits.services import programme as programme_services

    def auditor():
        user = grant(StaffFactory(unit=units["FN"]).user, "internal_auditor")
        programme_services.auditor_register(by=quality, user=user)
        return user

    lead, member = auditor(), auditor()
    programme = programme_services.programme_create(by=quality, year=today.year, objectives="Check the QMS.")
    programme_services.entry_add(programme=programme, by=quality, unit=units["SA-01"], risk="high")
    start = max(today, date(today.year, 1, 1))
    audit = audit_services.audit_plan(
        by=quality,
        programme=programme,
        title="Customer service audit",
        units=[units["SA-01"]],
        clauses=[Clause.objects.get(catalogue__code="iso9001", ref=ref) for ref in ("8.5", "8.7")],
        planned_start=start,
        planned_end=min(start + timedelta(days=1), date(today.year, 12, 31)),
        lead=lead,
        team=[member],
    )
    return audit, lead


def test_internal_auditor_records_findings_and_sees_the_nonconformity(
    page, live_server, planned_audit, units
):
    from magistrat.audits.models import Audit, ChecklistItem, Finding
    from magistrat.quality.models import Nonconformity

    audit, lead = planned_audit
    sign_in_as(page, live_server, lead)
    page.goto("/audits/mine/")
    assert_accessible(page)
    page.get_by_role("link", name="Customer service audit").click()
    page.wait_for_url(re.compile(rf"/audits/{audit.pk}/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Start the audit").click()
    page.get_by_role("link", name="Record a finding").wait_for()
    assert Audit.objects.get(pk=audit.pk).state == Audit.State.IN_PROGRESS
    assert_accessible(page)

    # One checklist row answered in place (htmx swaps the row back).
    item = ChecklistItem.objects.filter(audit=audit, clause__ref="8.7").get()
    row = page.locator(f"#item-{item.pk}")
    row.locator("select[name=result]").select_option("nonconforms")
    row.locator("textarea[name=evidence]").fill("No register of nonconforming outputs at the desk.")
    with page.expect_response(re.compile(rf"/audits/checklist/{item.pk}/$")):
        row.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(f"#item-{item.pk} select[name=result]")).to_have_value("nonconforms")
    assert ChecklistItem.objects.get(pk=item.pk).result == "nonconforms"

    # A major nonconformity: it raises a record in the quality register, shown on the finding.
    page.get_by_role("link", name="Record a finding").click()
    assert_accessible(page)
    page.get_by_label("Type").select_option("major")
    page.get_by_label("Unit").select_option(str(units["SA-01"].pk))
    page.get_by_label("Clause").select_option(str(item.clause_id))
    page.get_by_label("Description").fill("Nonconforming outputs are not identified or recorded.")
    page.get_by_label("Evidence").fill("Desk 3, 12 corrected certificates without a record.")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_url(re.compile(r"/audits/findings/\d+/$"))
    finding = Finding.objects.get()
    nc = Nonconformity.objects.get()
    section = page.locator("section[aria-labelledby=h-nonconformities]")
    expect(section.get_by_role("link", name=nc.number)).to_have_attribute(
        "href", f"/quality/nonconformities/{nc.pk}/"
    )
    assert finding.kind == "major" and nc.unit == units["SA-01"]
    assert_accessible(page)

    # An observation besides: no nonconformity for it.
    page.get_by_role("link", name="Customer service audit").click()
    page.get_by_role("link", name="Record a finding").click()
    page.get_by_label("Type").select_option("observation")
    page.get_by_label("Unit").select_option(str(units["SA-01"].pk))
    page.get_by_label("Description").fill("Queue tickets run out before noon on Mondays.")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_url(re.compile(r"/audits/findings/\d+/$"))
    expect(page.locator("section[aria-labelledby=h-nonconformities]")).to_have_count(0)
    assert Finding.objects.count() == 2 and Nonconformity.objects.count() == 1
    page.get_by_role("link", name="Customer service audit").click()
    expect(page.locator("main table").last.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)


# 4. The new quality pages reflow on phones.


@pytest.fixture
def quality_pages(office, units, quality, owner, leader, today):
    """Context, policy, a risk with an action, six processes with interactions, a held review
    and the next one's draft, with long words where people write them."""
    from magistrat.quality.services import context, processes, reviews, risks

    context.issue_save(
        by=quality,
        kind="external",
        category="environmental",
        title=f"Heatwaves close the customer hall ({LONG_WORD})",
        description="Summer temperatures above 30 °C in the hall.",
        climate_related=True,
        active=True,
        review_on=today + timedelta(days=365),
    )
    context.party_save(
        by=quality,
        name="Residents of the Konstantynopolitańska housing estate",
        requirements=f"Matters settled on time, at one visit. {LONG_WORD}",
        monitoring="Ratings at the desks.",
        active=True,
        review_on=today + timedelta(days=365),
    )
    context.context_review(
        by=quality,
        scope="Every service of the office to residents.",
        climate_relevant=True,
        climate_reason="Heatwaves affect the customer hall.",
        next_review_on=today + timedelta(days=365),
    )
    draft = context.policy_draft(
        by=quality,
        text=f"We serve residents.\n\nWe improve {LONG_WORD}.",
        review_on=today + timedelta(days=365),
    )
    context.policy_approve(by=leader, version=draft)

    risk = risks.risk_create(
        by=quality,
        kind="risk",
        title=f"Too few clerks in the registry office in summer ({LONG_WORD})",
        area="service",
        concerns="Registering residence",
        unit=units["FN"],
        owner=owner,
        likelihood=4,
        impact=4,
        response="reduce",
        review_on=today + timedelta(days=90),
    )
    risks.risk_action_add(
        by=quality,
        risk=risk,
        title="Hire a seasonal clerk",
        owner=owner,
        unit=units["FN"],
        due_on=working_day_ahead(today),
    )

    def process(code, name, category):
        return processes.process_save(
            by=quality,
            code=code,
            name=name,
            category=category,
            purpose="Residents settle matters at one visit.",
            owner=owner,
            unit=units["FN"],
            inputs="Applications",
            outputs=f"Decisions and certificates, {LONG_WORD}",
        )

    core = process("P-01", "Obsługa klienta w sali obsługi mieszkańców", "core")
    management = process("Z-01", "Zarządzanie jakością i doskonalenie", "management")
    support = process("W-01", "Zarządzanie zasobami ludzkimi i szkoleniami", "support")
    for number, name in enumerate(("Ewidencja ludności", "Dowody osobiste", "Podatki lokalne"), start=2):
        process(f"P-0{number}", name, "core")  # four core processes side by side: a map 912 px wide
    processes.link_add(by=quality, source=management, target=core, flow="Quality objectives")
    processes.link_add(by=quality, source=support, target=core, flow="Trained clerks")

    held = reviews.review_prepare(
        by=quality,
        title="Przegląd zarządzania 2026",
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        planned_on=today,
    )
    reviews.review_hold(
        by=quality,
        review=held,
        held_on=today,
        chair=leader,
        participants="Mayor, secretary, quality manager",
        conclusions=f"The QMS works. {LONG_WORD}",
    )
    upcoming = reviews.review_prepare(
        by=quality,
        title="Przegląd zarządzania 2027",
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=1),
        planned_on=today + timedelta(days=365),
    )
    return [
        "/quality/context/",
        "/quality/policy/",
        "/quality/risks/",
        f"/quality/risks/{risk.pk}/",
        "/quality/processes/",
        f"/quality/processes/{core.pk}/",
        "/quality/reviews/",
        f"/quality/reviews/{held.pk}/",
        f"/quality/reviews/{upcoming.pk}/",
    ]


def assert_no_sideways_scrolling(page):
    width = page.evaluate("window.innerWidth")
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url}: {scroll_width} px wide at {width} px: {page.evaluate(OVERFLOWING)}"
    )
    assert page.evaluate(OVERFLOWING) == [], page.url


def test_quality_pages_reflow_on_phones(page, live_server, quality_pages, quality):
    sign_in_as(page, live_server, quality)
    for url in quality_pages:
        page.goto(url)
        page.locator("main h1").wait_for()
        for viewport in PHONES:
            page.set_viewport_size(viewport)
            assert_no_sideways_scrolling(page)
        assert_accessible(page)
    # The process map scales down to the screen instead of scrolling inside its figure.
    page.goto("/quality/processes/")
    for viewport in PHONES:
        page.set_viewport_size(viewport)
        svg = page.locator("figure.process-map svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        figure = "document.querySelector('figure.process-map')"
        assert page.evaluate(f"{figure}.scrollWidth <= {figure}.clientWidth")
        drawn = page.evaluate("document.querySelector('figure.process-map svg').viewBox.baseVal.width")
        assert box["width"] < drawn  # scaled, not cut
