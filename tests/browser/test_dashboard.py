"""Leadership reads the satisfaction dashboard: the trend against a unit's target, at a glance."""

import pytest
from playwright.sync_api import expect

from magistrat.feedback.models import ServicePoint, Survey
from magistrat.feedback.services import points
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, grant
from tests.feedback.ratings import add_ratings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leadership_reads_the_trend_against_a_units_target(page, office, units):
    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    points.target_set(unit=units["SA-01"], target_percent=80, user=quality)
    for days_ago, stars in ((40, [5] * 36 + [1] * 4), (20, [5] * 30 + [1] * 10), (3, [5] * 20 + [1] * 20)):
        add_ratings(point, stars, days_ago=days_ago)
    leader = grant(StaffFactory(unit=units["SA"]).user, "leadership")
    sign_in(page, leader.username)
    page.wait_for_url("**/")
    page.goto("/feedback/?days=90")
    chart = page.get_by_test_id("trend-chart")
    expect(chart).to_be_visible()
    assert page.get_by_test_id("trend-target").count() == 0  # the whole office: no single target
    page.locator("#id_unit").select_option("SA-01")
    page.get_by_test_id("trend-target").wait_for(state="attached")  # swapped in by htmx
    expect(page.locator("#results")).not_to_have_attribute("aria-busy", "true")
    assert chart.locator("circle.point").count() == 3
    assert "80%" in page.locator("#trend-desc").text_content()
    expect(page.get_by_test_id("trend-table").locator("[data-change=down]").first).to_be_visible()
    assert_accessible(page)
