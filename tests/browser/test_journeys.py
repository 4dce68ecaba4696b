"""Whole user journeys in headless Chromium against the live server, with axe-core on every page."""

import base64
import re

import pytest
from django_otp.oath import totp

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_officer_finds_a_colleague_and_switches_language(page, office, hr, units):
    StaffFactory(unit=units["SA-01"], user__first_name="Grażyna", user__last_name="Wyszukiwalska")
    sign_in(page, hr.user.username)
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)

    page.get_by_role("link", name="Pracownicy").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Szukaj")).fill("wyszukiw")  # htmx live search, no page reload
    page.locator("#results").get_by_text("Wyszukiwalska").wait_for()
    page.wait_for_load_state("networkidle")  # a later search request may still swap the results
    page.get_by_role("link", name=re.compile("Wyszukiwalska")).click()
    page.get_by_role("heading", name=re.compile("Wyszukiwalska")).wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Staff").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Import").click()
    assert_accessible(page)


def test_administrator_enrols_two_factor_and_reviews_the_audit_trail(page, office, admin_staff, units):
    sign_in(page, admin_staff.user.username)
    page.wait_for_url(re.compile(r"/login/2fa/setup/"))
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label(re.compile("6-cyfrowy|6-digit")).fill(f"{totp(key):06d}")
    page.get_by_role("button", name=re.compile("Włącz|Turn on")).click()
    page.wait_for_url(re.compile(r"/$"))

    page.get_by_role("link", name="Komórki", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="SA-01").first.click()
    assert_accessible(page)

    page.get_by_role("link", name="Dziennik zdarzeń").click()
    page.get_by_role("cell", name=re.compile("auth.2fa_enrolled")).first.wait_for()
    assert_accessible(page)


def test_keyboard_only_skip_link(page, office, hr):
    sign_in(page, hr.user.username)
    page.wait_for_url("**/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Przejdź do treści" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
