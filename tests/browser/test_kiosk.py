"""The kiosk on a tablet: registered by token, rates offline, loses nothing when the network returns."""

import pytest
from playwright.sync_api import expect

from magistrat.feedback import services
from magistrat.feedback.models import Response, ServicePoint, Survey
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kiosk_token(office, units, hr):
    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    return services.device_issue(point=point, name="Tablet", user=hr.user)[1]


def rate(page, word):
    page.get_by_role("button", name=word, exact=True).click()
    page.get_by_role("button", name="Wyślij bez szczegółów").click()
    page.get_by_role("heading", name="Dziękujemy!").wait_for()
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for(timeout=10_000)


def test_kiosk_queues_offline_and_sends_everything_once(page, kiosk_token):
    page.goto("/kiosk/")
    page.get_by_label("Token urządzenia").fill(kiosk_token)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()
    assert_accessible(page)
    page.evaluate("navigator.serviceWorker.ready")  # the page is cached for offline use
    for _ in range(50):  # the service worker takes control of the page
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)

    page.context.set_offline(True)
    for word in ("bardzo dobrze", "bardzo źle", "tak sobie"):
        rate(page, word)
    assert page.get_by_test_id("pending").inner_text() == "3"
    assert Response.objects.count() == 0

    page.reload()  # offline: the service worker serves the kiosk, the queue survives in IndexedDB
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()
    assert page.get_by_test_id("pending").inner_text() == "3"

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("pending")).to_have_text("0", timeout=20_000)
    assert sorted(Response.objects.values_list("csat", flat=True)) == [1, 3, 5]
    assert set(Response.objects.values_list("channel", flat=True)) == {"kiosk"}

    page.get_by_role("button", name="dobrze", exact=True).click()
    page.get_by_label("czas oczekiwania").check()
    page.get_by_role("button", name="Wyślij", exact=True).click()
    page.get_by_role("heading", name="Dziękujemy!").wait_for()
    # Sent in the background right away: wait for it to arrive (the queue may show 0 before it fills).
    for _ in range(100):
        if Response.objects.filter(csat=4, answers__reasons=["wait"]).exists():
            break
        page.wait_for_timeout(100)
    assert Response.objects.filter(csat=4, answers__reasons=["wait"]).exists()
    expect(page.get_by_test_id("pending")).to_have_text("0")


def test_dashboard_is_accessible(page, kiosk_token, sa_head):
    from tests.browser.test_journeys import sign_in
    from tests.feedback.ratings import add_ratings as add

    point = ServicePoint.objects.get(code="A-S07")
    add(point, [5] * 30 + [2] * 10, days_ago=35)
    add(point, [4] * 5, days_ago=3, channel="kiosk")
    sign_in(page, sa_head.user.username)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Oceny", exact=True).click()
    page.get_by_role("heading", name="Zadowolenie mieszkańców").wait_for()
    assert_accessible(page)
    page.get_by_label("Według").select_option("month")
    page.get_by_role("cell", name="za mało ocen").first.wait_for()
    assert_accessible(page)
