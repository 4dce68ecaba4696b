"""A resident on a phone: every public page type reflows at 320 and 390 CSS px (WCAG 2.1 1.4.10).

No sideways scrolling and no element beyond the right edge, the content before the long menus
(folded under "Menu" on small screens, open on wide ones), rating answers at least 44 × 44 px, and
axe-core on each page. axe does not see reflow, hence the measurements.
"""

from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, bip_page_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [{"width": 320, "height": 640}, {"width": 390, "height": 844}]
LONG_WORD = "Konstantynopolitańczykowianeczka" * 2
LONG_URL = (
    "https://bip.testowo.example.pl/zalaczniki/2026/zarzadzenia/" + "bardzo-dluga-nazwa-pliku-" * 4 + ".pdf"
)

# Elements whose right edge lies beyond the viewport, outside any scrolling container, skipping
# what is hidden on purpose (the skip link and the spam trap sit off screen to the left).
OVERFLOWING = """() => {
  const width = window.innerWidth, found = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 0.5) continue;
    let parent = el.parentElement, clipped = false;
    while (parent && parent !== document.body) {
      const overflow = getComputedStyle(parent).overflowX;
      if (["auto", "scroll", "hidden", "clip"].includes(overflow)) { clipped = true; break; }
      parent = parent.parentElement;
    }
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (!clipped) found.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return found.slice(0, 5);
}"""


@pytest.fixture
def public_data(office, units, quality):
    """Realistic public pages: long titles and words, a long URL, a change register with several
    columns and rows, a petition, a service card, a desk and a post-case survey link."""
    from magistrat.bip import services as bulletin
    from magistrat.bip.models import BulletinSettings
    from magistrat.core.deadlines import WARSAW
    from magistrat.feedback.models import ServicePoint, Survey
    from magistrat.feedback.services import devices, tokens
    from magistrat.registers import services as registers
    from magistrat.services import services as catalogue
    from tests.bip.conftest import approver_user, publish_item
    from tests.services.test_catalogue import CARD

    bulletin.subject_menu_install()  # transactional browser tests start from an empty database
    BulletinSettings.objects.create(
        editor_name="Ewa Redaktorska",
        editor_phone="+48 32 555 10 20",
        editor_email="sekretariat.biuletynu.informacji.publicznej@testowo.example.pl",
        editorial_address="Referat Biuletynu Informacji Publicznej, ul. Rynek 1, 00-950 Testowo",
        accessibility_prepared_on=date(2025, 3, 1),
        accessibility_reviewed_on=date(2026, 3, 1),
        accessibility_contact="bip@testowo.example.pl",
    )
    item = publish_item(
        units,
        category="uchwaly",
        title=f"Uchwała nr XIV/151/2026 Rady Miasta w sprawie {LONG_WORD} oraz zasad i trybu "
        "przeprowadzania konsultacji społecznych z mieszkańcami",
        body=f'<h2>Uzasadnienie</h2><p>Tekst: <a href="{LONG_URL}">{LONG_URL}</a></p><p>{LONG_WORD}</p>',
        data={"number": "XIV/151/2026", "adopted_on": "2026-01-05"},
        slug="uchwala-konsultacje",
    )
    approver = approver_user()  # the BIP services refuse anyone else
    item.title += " (tekst jednolity)"
    bulletin.item_save(item=item)
    item.change_reason = f"Sprostowanie oczywistej omyłki pisarskiej w tytule: {LONG_WORD}"
    bulletin.item_submit(item=item)
    bulletin.item_approve(item=item, approver=approver)
    bulletin.item_publish(item=item, by=approver)
    petition = registers.petition_register(
        filed_at=datetime(2026, 10, 1, 10, 0, tzinfo=WARSAW),
        petitioner="Stowarzyszenie Mieszkańców Osiedla Zielony Wiślin",
        petitioner_contact="biuro@example.pl",
        addressee="mayor",
        subject=f"Oświetlenie alejek w parku miejskim i {LONG_WORD}",
        content=f"Wnosimy o oświetlenie alejek. {LONG_URL}",
    )
    service = catalogue.service_create(
        slug="dowod", unit=units["SA"], content=CARD | {"legal_basis": LONG_URL}, user=quality
    )
    point = ServicePoint.objects.create(
        code="A-S07",
        name="Stanowisko 7 – wydawanie dowodów osobistych i paszportów",
        unit=units["SA-01"],
        survey=Survey.objects.get(slug="desk"),
    )
    _, token = tokens.survey_token_issue(unit=units["SA-01"], case_reference="SKW.1510.1.2026", user=quality)
    kiosk_token = devices.device_issue(point=point, name="Tablet", user=quality)[1]
    item_url = f"/bip/uchwaly/{item.slug}/"
    return {
        "pages": [
            *bip_page_types(item_url, petition.number),
            "/uslugi/",
            f"/uslugi/{service.slug}/",
            "/skargi-i-wnioski/",
            "/skargi-i-wnioski/status/",
            "/skargi-i-wnioski/statystyki/",
            f"/ocena/{point.code}/",
            f"/ocena/usluga/{service.slug}/",
            f"/ocena/{point.code}/dziekujemy/",
            f"/ankieta/{token}/",
            "/ankieta/nieznany-link/",
            "/nie-ma-takiej-strony/",
        ],
        "ratings": [f"/ocena/{point.code}/", f"/ocena/usluga/{service.slug}/", f"/ankieta/{token}/"],
        "kiosk_token": kiosk_token,
    }


def assert_reflows(page):
    width = page.evaluate("window.innerWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url}: {scroll_width} px wide at {width} px: {page.evaluate(OVERFLOWING)}"
    )
    assert page.evaluate(OVERFLOWING) == [], page.url


def assert_content_before_menu(page):
    """On a small screen the long menus stay folded: the page's heading is the first thing after
    the header and a "Menu" toggle."""
    menu = page.locator("details.menu-disclosure")
    if not menu.count():
        return  # rating pages and the print view have no menu
    heading = page.locator("main h1").first
    expect(menu.locator("nav a").first).to_be_hidden()
    assert heading.bounding_box()["y"] > menu.locator("summary").bounding_box()["y"]
    assert page.evaluate(
        """() => {
        const heading = document.querySelector("main h1"), links = [...document.querySelectorAll("nav a")]
          .filter((a) => a.checkVisibility() && !a.closest("header") && !a.closest("main"));
        return links.every((a) => heading.getBoundingClientRect().top < a.getBoundingClientRect().top);
    }"""
    ), page.url


def test_every_public_page_type_reflows_on_a_phone(page, public_data):
    for url in public_data["pages"]:
        page.goto(url)
        for viewport in PHONES:
            page.set_viewport_size(viewport)
            assert_reflows(page)
            assert_content_before_menu(page)
        assert_accessible(page)
    # A resident on a phone sends a complaint with long words and follows its status.
    page.set_viewport_size(PHONES[0])
    page.goto("/skargi-i-wnioski/")
    page.get_by_label("wniosek").check()
    page.get_by_label("Temat").fill(f"Ławki przed urzędem {LONG_WORD}")
    page.get_by_label("Treść").fill(f"Proszę o ławki, zob. {LONG_URL}")
    page.get_by_label("Imię i nazwisko").fill("Anna Nowak-Wiśniewska")
    page.get_by_label("Adres do korespondencji").fill("ul. Konstantynopolitańska 3, Wiślin")
    page.get_by_role("button", name="Wyślij").click()
    page.get_by_test_id("case-number").wait_for()
    assert_reflows(page)
    page.locator("main").get_by_role("link", name="Sprawdź stan sprawy").click()
    page.get_by_test_id("case-status").wait_for()
    for viewport in PHONES:
        page.set_viewport_size(viewport)
        assert_reflows(page)
    # The kiosk (its own stylesheet) too, on its rating screen.
    page.goto("/kiosk/")
    page.locator("#token").fill(public_data["kiosk_token"])
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="bardzo dobrze", exact=True).wait_for()
    for viewport in PHONES:
        page.set_viewport_size(viewport)
        assert_reflows(page)


def test_menus_fold_on_phones_and_open_on_wide_screens(page, public_data):
    for url, menu_link in (
        ("/bip/rejestr-zmian/", "Rejestr petycji"),
        ("/uslugi/", "Sprawdź stan sprawy"),
    ):
        page.set_viewport_size(PHONES[0])
        page.goto(url)
        link = page.get_by_role("link", name=menu_link, exact=True)
        expect(link).to_be_hidden()
        page.locator("details.menu-disclosure > summary").click()
        expect(link).to_be_visible()
        page.locator("details.menu-disclosure > summary").focus()  # the toggle works from the keyboard
        page.keyboard.press("Enter")
        expect(link).to_be_hidden()
        assert_reflows(page)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.reload()
        expect(link).to_be_visible()
        expect(page.locator("details.menu-disclosure > summary")).to_be_hidden()
        link.focus()
        expect(link).to_be_focused()
        assert_accessible(page)
    # The BIP's high contrast view keeps the toggle readable.
    page.set_viewport_size(PHONES[0])
    page.goto("/bip/")
    page.get_by_role("link", name="Wysoki kontrast").click()
    page.locator("details.menu-disclosure > summary").wait_for()
    assert_accessible(page)


def test_rating_answers_are_large_touch_targets(page, public_data):
    for url in public_data["ratings"]:
        page.goto(url)
        for viewport in PHONES:
            page.set_viewport_size(viewport)
            options = page.locator("main fieldset label:has(input[type=radio])")
            assert options.count() >= 5, url
            for index in range(options.count()):
                box = options.nth(index).bounding_box()
                assert box["width"] >= 44 and box["height"] >= 44, (url, index, box)
        # The whole answer is the target, the native radio keeps its semantics and shows focus.
        first = page.locator("main fieldset label:has(input[type=radio])").first
        first.click(position={"x": first.bounding_box()["width"] - 5, "y": 5})
        expect(first.locator("input")).to_be_checked()
        expect(page.get_by_role("radio").first).to_be_checked()
        page.keyboard.press("ArrowDown")
        expect(page.get_by_role("radio").nth(1)).to_be_focused()
        outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
        assert outline == "solid"
