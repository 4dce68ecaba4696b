"""The public BIP: axe-core on every public page type (also in high contrast and larger text),
and an editor's item going through approval to publication."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from magistrat.bip.models import BulletinSettings
from tests.browser.conftest import assert_accessible, bip_page_types, sign_in
from tests.browser.test_isms import BACKUP_CODE
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bulletin(units, office):
    from magistrat.bip.services import subject_menu_install

    subject_menu_install()  # transactional browser tests start from an empty database
    BulletinSettings.objects.create(
        editor_name="Ewa Redaktorska",
        editor_phone="+48 32 555 10 20",
        editor_email="bip@testowo.example.pl",
        editorial_address="Referat BIP, ul. Rynek 1",
        accessibility_prepared_on=date(2025, 3, 1),
        accessibility_reviewed_on=date(2026, 3, 1),
        accessibility_contact="bip@testowo.example.pl",
    )


def test_every_public_page_type_is_accessible(page, units, bulletin):
    from magistrat.bip import services
    from tests.bip.conftest import publish_item

    item = publish_item(
        units,
        category="uchwaly",
        title="Uchwała w sprawie budżetu obywatelskiego",
        body="<h2>Uzasadnienie</h2><p>Rada Miasta postanawia…</p><ul><li>punkt</li></ul>",
        data={"number": "I/1/2026", "adopted_on": "2026-01-05"},
        slug="uchwala-budzet",
        withheld_scope="Dane osobowe wnioskodawców",
        withheld_basis="art. 5 ust. 2 udip",
        withheld_by="Jan Kowalski",
    )
    item.title = "Uchwała w sprawie budżetu obywatelskiego na 2027 r."
    services.item_save(item=item)
    item.change_reason = "Sprostowanie tytułu"
    from tests.bip.conftest import approver_user

    approver = approver_user()
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver)
    services.item_publish(item=item, by=approver)
    removed = publish_item(units, title="Ogłoszenie nieaktualne", slug="nieaktualne")
    services.item_remove(item=removed, by=approver, reason="Pomyłka")
    from datetime import datetime

    from magistrat.core.deadlines import WARSAW
    from magistrat.registers import services as registers

    petition = registers.petition_register(
        filed_at=datetime(2026, 10, 1, 10, 0, tzinfo=WARSAW),
        petitioner="Stowarzyszenie Zielony Wiślin",
        petitioner_contact="biuro@example.pl",
        addressee="mayor",
        subject="Oświetlenie parku",
        content="Wnosimy o oświetlenie alejek.",
    )
    registers.petition_update(petition=petition, text="Wystąpiono o opinię rady dzielnicy.")

    pages = [*bip_page_types("/bip/uchwaly/uchwala-budzet/", petition.number), "/bip/ogloszenia/nieaktualne/"]
    for url in pages:
        page.goto(url)
        assert_accessible(page)
    page.goto("/bip/uchwaly/uchwala-budzet/")
    expect(page.get_by_role("heading", name="Metryczka")).to_be_visible()
    page.get_by_role("link", name="Wysoki kontrast").click()
    page.get_by_role("link", name="Większa czcionka").click()
    expect(page.locator("html")).to_have_class(re.compile("contrast"))
    for url in (
        "/bip/szukaj/?q=x&od=2026-05-01&do=2026-01-01",
        "/bip/uchwaly/uchwala-budzet/",
        "/bip/szukaj/?q=uchwaly",
    ):
        page.goto(url)
        assert_accessible(page)
    expect(page.get_by_role("link", name=re.compile("Uchwała w sprawie budżetu"))).to_be_visible()
    # Keyboard: the skip link is the first stop and leads to the content.
    page.goto("/bip/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Przejdź do treści")).to_be_focused()


def test_editor_drafts_and_the_approver_publishes(page, units, bulletin, browser, live_server):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    editor = grant(StaffFactory(unit=units["SA"]).user, "bip_editor", units["SA"])
    approver = grant(StaffFactory(unit=units["SA"]).user, "bip_approver")
    device = StaticDevice.objects.create(user=approver, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token=BACKUP_CODE)

    sign_in(page, editor.username)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name="BIP", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Nowa pozycja").click()
    page.locator("#id_category").select_option(label="Ogłoszenia i obwieszczenia")
    page.locator("#id_unit").select_option(str(units["SA"].pk))
    page.locator("#id_title").fill("Ogłoszenie o konsultacjach społecznych")
    page.locator("#id_body-editor").click()
    page.keyboard.type("Zapraszamy do udziału w konsultacjach.")
    page.locator("#id_produced_by").fill("Wydział Spraw Obywatelskich")
    page.locator("#id_responsible_name").fill("Anna Kowalska")
    page.locator("#id_responsible").fill("Naczelnik Wydziału Spraw Obywatelskich")
    page.locator("#id_produced_on").fill("2026-03-01")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="Przedłóż do zatwierdzenia").click()
    assert_accessible(page)
    item_url = page.url

    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    approver_page = context.new_page()
    sign_in(approver_page, approver.username)
    approver_page.wait_for_url(re.compile(r"/login/2fa/"))
    approver_page.get_by_label(re.compile("6-cyfrowy")).fill(BACKUP_CODE)
    approver_page.get_by_role("button", name="Sprawdź").click()
    approver_page.wait_for_url(re.compile(r"/$"))
    approver_page.goto("/bulletin/")
    approver_page.get_by_role("link", name="Ogłoszenie o konsultacjach społecznych").click()
    # Returned with a comment: the editor sees it on the item and on the home page, and submits again.
    approver_page.locator("#id_comment").fill("Proszę dopisać termin konsultacji.")
    approver_page.locator(".return-form button[type=submit]").click()
    expect(approver_page.locator(".returned-notice")).to_contain_text("Proszę dopisać termin konsultacji.")
    assert_accessible(approver_page)
    page.goto("/")  # the home page lists the returned item with the comment, and the notification
    expect(page.get_by_text("Proszę dopisać termin konsultacji.")).to_have_count(2)
    page.goto(item_url)
    expect(page.locator(".returned-notice")).to_contain_text("Proszę dopisać termin konsultacji.")
    assert_accessible(page)
    page.get_by_role("button", name="Przedłóż do zatwierdzenia").click()
    approver_page.reload()
    approver_page.get_by_role("button", name="Zatwierdź").click()
    approver_page.get_by_role("button", name="Opublikuj").click()
    approver_page.get_by_role("link", name="strona publiczna").click()
    expect(approver_page.get_by_role("heading", level=1)).to_have_text(
        "Ogłoszenie o konsultacjach społecznych"
    )
    expect(approver_page.get_by_text("Anna Kowalska, Naczelnik Wydziału Spraw Obywatelskich")).to_be_visible()
    assert_accessible(approver_page)
    context.close()


def test_resident_requests_public_information(page, units, bulletin):
    page.goto("/bip/informacje-nieudostepnione/")
    assert_accessible(page)
    page.get_by_role("link", name="Wniosek o udostępnienie informacji publicznej").click()
    page.get_by_label(re.compile("Czego dotyczy wniosek")).fill("Wydatki na promocję")
    page.get_by_label(re.compile("O jaką informację prosisz")).fill(
        "Proszę o zestawienie wydatków na promocję w 2025 r."
    )
    page.get_by_label(re.compile("W jaki sposób")).select_option("electronic")
    page.get_by_role("button", name="Wyślij wniosek").click()
    expect(page.locator(".form-errors").first).to_be_visible()  # release by e-mail needs an address
    assert_accessible(page)
    page.get_by_label(re.compile("^E-mail")).fill("anna@example.pl")
    page.get_by_role("button", name="Wyślij wniosek").click()
    expect(page.get_by_role("status")).to_contain_text("IP.1431.")
    assert_accessible(page)


def test_rich_text_editor_is_used_with_the_keyboard(page, units, bulletin):
    """The item text is written in the editor with the keyboard only: a heading and a list are set
    from the toolbar (reached with Shift+Tab, moved along with the arrow keys), and what is saved is
    the sanitised HTML."""
    from magistrat.bip.models import Item

    editor = grant(StaffFactory(unit=units["SA"]).user, "bip_editor", units["SA"])
    sign_in(page, editor.username)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/bulletin/new/")
    toolbar = page.get_by_role("toolbar")
    expect(toolbar).to_be_visible()
    expect(page.locator("#id_body")).to_be_hidden()  # the editor stands in for the textarea
    assert_accessible(page)
    page.locator("#id_category").select_option(label="Ogłoszenia i obwieszczenia")
    page.locator("#id_unit").select_option(str(units["SA"].pk))
    page.locator("#id_title").fill("Konsultacje społeczne")
    page.locator("#id_slug").focus()
    page.keyboard.press("Tab")  # into the toolbar: its first button
    expect(toolbar.get_by_role("button").first).to_be_focused()
    for _ in range(12):  # every toolbar button is a Tab stop, then the text
        page.keyboard.press("Tab")
    surface = page.locator("#id_body-editor")
    expect(surface).to_be_focused()
    page.keyboard.type("Zaproszenie")
    page.keyboard.press("Enter")
    page.keyboard.type("Zapraszamy ")
    page.keyboard.press("Control+b")
    page.keyboard.type("wszystkich")
    page.keyboard.press("Control+b")
    page.keyboard.type(" mieszkańców.")
    page.keyboard.press("Enter")
    page.keyboard.type("pierwszy punkt")
    # The list: back to the toolbar (Shift+Tab lands on its last button), along it with the arrows.
    page.keyboard.press("Shift+Tab")
    expect(toolbar.locator("[data-command=source]")).to_be_focused()
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    bulleted = toolbar.locator("[data-command=ul]")
    expect(bulleted).to_be_focused()
    page.keyboard.press("Enter")
    expect(bulleted).to_have_attribute("aria-pressed", "true")
    expect(surface.locator("ul > li")).to_have_text("pierwszy punkt")
    # The heading: the cursor to the first line, then the toolbar's first button.
    expect(surface).to_be_focused()
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Home")
    expect(toolbar.locator("[data-tag=H2]")).to_be_focused()
    page.keyboard.press("Space")
    expect(surface.locator("h2")).to_have_text("Zaproszenie")
    page.locator("#id_produced_by").fill("Wydział Spraw Obywatelskich")
    page.locator("#id_responsible_name").fill("Anna Kowalska")
    page.locator("#id_responsible").fill("Naczelnik Wydziału Spraw Obywatelskich")
    page.locator("#id_produced_on").fill("2026-03-01")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    page.wait_for_url(re.compile(r"/bulletin/\d+/$"))
    item = Item.objects.get(title="Konsultacje społeczne")
    assert item.body == (
        "<h2>Zaproszenie</h2><p>Zapraszamy <strong>wszystkich</strong> mieszkańców.</p>"
        "<ul><li>pierwszy punkt</li></ul>"
    )
    expect(page.locator(".bip-body h2")).to_have_text("Zaproszenie")
    assert_accessible(page)
