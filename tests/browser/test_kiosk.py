"""The kiosk on a tablet: paired by staff or registered by token, rates offline, loses nothing when
the network returns, and keeps the first tap of a resident who walks away."""

import time

import pytest
from playwright.sync_api import expect

from magistrat.feedback.models import KioskDevice, Response, ServicePoint, Survey
from magistrat.feedback.services import devices
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kiosk_token(office, units, quality):
    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    return devices.device_issue(point=point, name="Tablet", user=quality)[1]


def rate(page, word):
    page.get_by_role("button", name=word, exact=True).click()
    page.get_by_role("button", name="Wyślij bez szczegółów").click()
    page.get_by_role("heading", name="Dziękujemy!").wait_for()
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for(timeout=10_000)


def test_kiosk_queues_offline_and_sends_everything_once(page, kiosk_token):
    page.goto("/kiosk/")
    page.locator("#token").fill(kiosk_token)  # a device token typed by hand still works
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()
    assert page.locator("#scale button svg").count() == 5  # drawn faces, no emoji font needed
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
    acknowledged(page, 3)
    assert sorted(Response.objects.values_list("csat", flat=True)) == [1, 3, 5]
    assert set(Response.objects.values_list("channel", flat=True)) == {"kiosk"}

    page.get_by_role("button", name="dobrze", exact=True).click()
    page.get_by_label("czas oczekiwania").check()
    page.get_by_role("button", name="Wyślij", exact=True).click()
    page.get_by_role("heading", name="Dziękujemy!").wait_for()
    acknowledged(page, 4)  # sent in the background right away
    assert Response.objects.filter(csat=4, answers__reasons=["wait"]).exists()
    expect(page.get_by_test_id("pending")).to_have_text("0")


def acknowledged(page, count: int) -> None:
    """Wait until the server has acknowledged `count` ratings sent from this page: only then read
    the database (reading it while the live server writes would lock SQLite's shared memory table)."""
    expect(page.locator("body")).to_have_attribute("data-sent", str(count), timeout=20_000)


def test_the_first_tap_is_kept_when_the_resident_walks_away(page, kiosk_token):
    """A tap, a reason ticked, a comment begun, then nobody: after the timeout exactly one rating
    is stored (with the reason, without the unsent comment) and the next resident starts afresh."""
    page.clock.install()  # the kiosk's timers run on a clock the test moves: no waiting, no race
    page.goto("/kiosk/?idle=20")
    page.locator("#token").fill(kiosk_token)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="dobrze", exact=True).wait_for()
    page.clock.pause_at(time.time() + 2)  # from now on time moves only when the test says
    page.get_by_role("button", name="dobrze", exact=True).click()
    page.get_by_label("czas oczekiwania").check()
    expect(page.get_by_test_id("pending")).to_have_text("1")  # queued at the tap…
    page.clock.fast_forward(15_000)  # …and not sent while it is on screen (the retry timer ran)
    expect(page.locator("#details")).to_be_visible()
    page.locator("#comment").fill("Pani była")  # a touch: the resident is still there
    page.clock.fast_forward(15_000)
    expect(page.locator("#details")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("1")
    page.clock.fast_forward(6_000)  # 20 s after the last touch the resident is gone
    expect(page.locator("#rate")).to_be_visible()
    acknowledged(page, 1)
    expect(page.get_by_test_id("pending")).to_have_text("0")
    stored = Response.objects.all()
    assert [(r.csat, r.answers.get("reasons"), r.comment) for r in stored] == [(4, ["wait"], "")]

    page.get_by_role("button", name="bardzo źle", exact=True).click()  # the next resident
    assert not page.get_by_label("czas oczekiwania").is_checked()
    assert page.locator("#comment").input_value() == ""
    page.get_by_role("button", name="Wyślij", exact=True).click()
    acknowledged(page, 2)
    assert sorted(Response.objects.values_list("csat", flat=True)) == [1, 4]
    assert Response.objects.get(csat=1).answers == {"csat": 1}
    page.clock.resume()  # axe-core waits on timers of its own
    assert_accessible(page)


def test_a_tap_with_a_reason_and_a_comment_sent_is_one_rating(page, kiosk_token):
    page.goto("/kiosk/")
    page.locator("#token").fill(kiosk_token)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="tak sobie", exact=True).click()
    assert_accessible(page)
    page.get_by_label("uprzejmość").check()
    page.locator("#comment").fill("Długo czekałem na numerek")
    page.get_by_role("button", name="Wyślij", exact=True).click()
    page.get_by_role("heading", name="Dziękujemy!").wait_for()
    acknowledged(page, 1)
    stored = Response.objects.all()
    expect(page.get_by_test_id("pending")).to_have_text("0")
    assert [(r.csat, r.answers.get("reasons"), r.comment) for r in stored] == [
        (3, ["courtesy"], "Długo czekałem na numerek")
    ]
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()  # ready for the next
    assert Response.objects.count() == 1


def test_staff_pair_a_tablet_with_the_link(page, browser, live_server, office, units):
    from tests.factories import StaffFactory, grant

    ServicePoint.objects.create(
        code="A-S08", name="Stanowisko 8", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    sign_in(page, quality.username)
    page.wait_for_url("**/")
    page.goto("/feedback/points/A-S08/")
    page.locator("#id_pair-name").fill("Tablet przy wyjściu")
    page.locator("#pair-tablet").click()
    link = page.get_by_test_id("pairing-link").get_attribute("href")
    assert page.get_by_test_id("pairing").locator("svg").count() == 1  # the QR code
    assert_accessible(page)

    tablet = browser.new_context(base_url=live_server.url).new_page()
    tablet.goto(link)
    tablet.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()
    assert "pair=" not in tablet.url  # the used code does not stay in the address
    assert tablet.locator("#point-name").inner_text() == "Stanowisko 8"
    tablet.goto(link)  # the same link again: used up
    expect(tablet.locator("#setup-error")).not_to_be_empty()
    tablet.context.close()
    device = KioskDevice.objects.get()
    assert (device.name, device.point.code) == ("Tablet przy wyjściu", "A-S08")


def test_dashboard_is_accessible(page, kiosk_token, sa_head):
    from tests.feedback.ratings import add_ratings as add

    point = ServicePoint.objects.get(code="A-S07")
    add(point, [5] * 30 + [2] * 10, days_ago=35)
    add(point, [4] * 5, days_ago=3, channel="kiosk")
    sign_in(page, sa_head.user.username)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Oceny", exact=True).click()
    page.get_by_role("heading", name="Zadowolenie mieszkańców").wait_for()
    assert_accessible(page)
    page.get_by_label("Według", exact=True).select_option("month")
    # the month table has a "change" column; scan once htmx has swapped it in and is no longer busy
    page.get_by_role("columnheader", name="Zmiana", exact=True).wait_for()
    expect(page.locator("#results")).not_to_have_attribute("aria-busy", "true")
    assert_accessible(page)
