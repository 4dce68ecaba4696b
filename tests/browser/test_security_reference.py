"""An auditor browses the security reference data; axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_reads_annex_a_kri_mapping_and_the_risk_matrix(page, units):
    from magistrat.isms.reference import reference_load

    reference_load()  # transactional browser tests start from an empty database
    auditor = grant(StaffFactory(unit=units["SA"]).user, "auditor")
    sign_in(page, auditor.username)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Bezpieczeństwo", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Dane referencyjne").click()
    page.get_by_role("link", name="ISO/IEC 27001:2022").click()
    page.get_by_label("Szukaj po oznaczeniu lub tytule").fill("kryptograf")  # htmx search as you type
    expect(page.get_by_role("rowheader", name="A.8.24")).to_be_visible()
    expect(page.get_by_role("rowheader", name="A.5.1", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.goto("/isms/reference/")
    page.get_by_role("link", name=re.compile("Macierz 5×5")).click()
    expect(page.get_by_role("table")).to_contain_text("krytyczne")
    assert_accessible(page)
