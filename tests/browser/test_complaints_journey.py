"""A resident submits a complaint on the public page; the unit head replies and closes it."""

import re

import pytest

from magistrat.registers.models import Complaint
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_submits_and_unit_head_closes(page, office, sa_head, units):
    page.goto("/skargi-i-wnioski/")
    assert_accessible(page)
    page.get_by_label("wniosek").check()
    page.get_by_label("Temat").fill("Ławki przed urzędem")
    page.get_by_label("Treść").fill("Proszę o ustawienie ławek przy wejściu.")
    page.get_by_label("Imię i nazwisko").fill("Anna Nowak")
    page.get_by_label("Adres do korespondencji").fill("ul. Leśna 3, Wiślin")
    page.get_by_role("button", name="Wyślij").click()
    number = page.get_by_test_id("case-number").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Sprawdź stan sprawy").click()
    page.get_by_test_id("case-status").wait_for()
    assert "w toku" in page.get_by_test_id("case-status").inner_text()
    assert_accessible(page)
    page.goto("/skargi-i-wnioski/statystyki/")
    assert_accessible(page)
    page.get_by_role("link", name="Usługi urzędu").click()
    assert_accessible(page)

    Complaint.objects.filter(number=number).update(unit=units["SA-01"])
    sign_in(page, sa_head.user.username)
    page.wait_for_url("**/")
    page.get_by_role("link", name=re.compile(number)).click()  # from "needs your attention"
    assert_accessible(page)
    page.get_by_label("Sposób załatwienia").select_option("accepted")
    page.get_by_label("Odpowiedź wysłana wnoszącemu").fill("Ławki zostaną ustawione w maju.")
    page.locator("#id_confirm").check()  # closing is confirmed
    page.get_by_role("button", name="Zakończ sprawę").click()
    page.get_by_text("Zapisano.").wait_for()
    assert Complaint.objects.get(number=number, tracking_code=code).outcome == "accepted"
    page.get_by_role("link", name="Skargi i wnioski").first.click()
    assert_accessible(page)


def test_service_card_is_accessible(page, office, quality, units):
    from magistrat.services import services
    from tests.services.test_catalogue import CARD

    services.service_create(slug="dowod", unit=units["SA"], content=CARD, user=quality)
    page.goto("/uslugi/")
    page.get_by_role("link", name="Wydanie dowodu osobistego").click()
    page.get_by_role("heading", name="Wydanie dowodu osobistego").wait_for()
    assert_accessible(page)
