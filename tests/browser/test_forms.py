"""Forms that say what is wrong and move focus to it: after a failed submit the error summary at the
top of the form takes focus (with and without JavaScript) and links to each invalid field."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_summary_has_focus_and_links(page):
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count() >= 1
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert target.startswith("#id_")
        expect(page.locator(target)).to_have_count(1)  # each link leads to a field that exists
    return summary


def test_failed_public_submit_focuses_the_linked_error_summary(page, office, units):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/skargi-i-wnioski/")
    # Optional fields say so; required ones keep the required attribute.
    expect(page.locator("label[for=id_submitter_phone] .optional")).to_have_count(1)
    expect(page.locator("label[for=id_subject] .optional")).to_have_count(0)
    expect(page.locator("#id_subject")).to_have_attribute("required", "")
    page.get_by_role("button", name="Wyślij").click()
    summary = assert_summary_has_focus_and_links(page)
    assert summary.get_by_role("link").count() == 5  # kind, subject, content, name, address
    expect(page.locator("#id_subject")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_subject")).to_have_attribute("aria-describedby", re.compile("id_subject_error"))
    assert_accessible(page)
    # A link moves focus into its field: the first option of a radio group, the text box itself.
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_kind_0")).to_be_focused()
    page.locator(".error-summary").get_by_role("link").nth(1).click()
    expect(page.locator("#id_subject")).to_be_focused()
    # Fixing one field keeps the others in the summary.
    page.locator("#id_subject").fill("Ławki przed urzędem")
    page.get_by_role("button", name="Wyślij").click()
    summary = assert_summary_has_focus_and_links(page)
    assert summary.get_by_role("link").count() == 4


def test_without_javascript_the_summary_still_takes_focus(browser, live_server, settings, office, units):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/informacja-publiczna/")
        page.get_by_role("button", name="Wyślij wniosek").click()
        expect(page.locator(".error-summary")).to_be_focused()  # the autofocus attribute
        expect(page.locator(".error-summary a[href='#id_subject']")).to_have_count(1)
    finally:
        context.close()


def test_failed_rating_and_sign_in_focus_the_summary(page, units):
    from magistrat.feedback.models import ServicePoint, Survey

    ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    page.goto("/ocena/A-S07/")
    page.get_by_role("button", name="Wyślij ocenę").click()
    summary = assert_summary_has_focus_and_links(page)
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_q_csat_0")
    assert_accessible(page)
    # A staff form: the sign-in page (its error is about the whole form, so it is not a link).
    page.goto("/login/")
    page.get_by_label(re.compile("Nazwa użytkownika")).fill("nikt")
    page.get_by_label(re.compile("Hasło")).fill("niepoprawne-haslo")
    page.get_by_role("button", name=re.compile("Zaloguj")).click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary li")).to_have_count(1)
    assert_accessible(page)
