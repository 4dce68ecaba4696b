"""The information security officer's journey and a risk owner's sign-off; axe-core on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BACKUP_CODE = "24681357"


@pytest.fixture
def isms_people(units, office):
    from magistrat.isms.reference import reference_load

    reference_load()  # transactional browser tests start from an empty database
    officer = grant(
        StaffFactory(unit=units["SA"], user__first_name="Iwona", user__last_name="Bezpieczna").user,
        "security_officer",
    )
    device = StaticDevice.objects.create(user=officer, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token=BACKUP_CODE)
    owner = StaffFactory(unit=units["FN"], user__first_name="Olaf", user__last_name="Właściciel").user
    return officer, owner


def _sign_in_with_backup_code(page, user):
    sign_in(page, user.username)
    page.wait_for_url(re.compile(r"/login/2fa/"))
    page.get_by_label(re.compile("6-cyfrowy")).fill(BACKUP_CODE)
    page.get_by_role("button", name="Sprawdź").click()
    page.wait_for_url(re.compile(r"/$"))


def test_security_officer_records_an_asset_a_risk_an_incident_and_the_soa(page, isms_people):
    officer, owner = isms_people
    _sign_in_with_backup_code(page, officer)
    page.get_by_role("link", name="Bezpieczeństwo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezpieczeństwo informacji")
    assert_accessible(page)

    page.get_by_role("link", name="Aktywa", exact=True).click()
    page.get_by_role("link", name="Nowe aktywo").click()
    assert_accessible(page)
    page.locator("#id_code").fill("SW-PODATKI")
    page.locator("#id_name").fill("System podatkowy")
    page.locator("#id_kind").select_option("software")
    page.locator("#id_owner").select_option(str(owner.pk))
    for field, value in (("confidentiality", "4"), ("integrity", "4"), ("availability", "3")):
        page.locator(f"#id_{field}").select_option(value)
    page.locator("#id_review_due").fill((timezone.localdate() + timedelta(days=200)).isoformat())
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SW-PODATKI System podatkowy")
    assert_accessible(page)

    page.goto("/isms/assessments/new/")
    page.locator("#id_title").fill("Szacowanie ryzyka 2026")
    page.locator("#id_scope").fill("Systemy dziedzinowe")
    page.locator("#id_participants").fill("Iwona Bezpieczna (PBI)")
    page.get_by_role("button", name="Zapisz").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nowe ryzyko").click()
    page.locator("#id_title").fill("Zaszyfrowanie danych przez ransomware")
    page.locator("#id_threat").fill("Ransomware")
    page.locator("#id_vulnerability").fill("Brak segmentacji sieci")
    for field, value in (("inherent", "5"), ("current", "4"), ("residual", "2")):
        page.locator(f"#id_{field}_likelihood").select_option(value)
        page.locator(f"#id_{field}_impact").select_option(value)
    page.locator("#id_treatment").select_option("modify")
    page.locator("#id_owner").select_option(str(owner.pk))
    page.locator("#id_assets").fill("SW-PODATKI")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zaszyfrowanie danych")
    expect(page.get_by_text("brak", exact=True).first).to_be_visible()  # no sign-off yet
    assert_accessible(page)
    page.get_by_role("link", name="Mapa ryzyka").click()
    expect(
        page.get_by_role("link", name=re.compile("^Ryzyka: 1, prawdopodobieństwo 5, skutki 5"))
    ).to_be_visible()
    assert_accessible(page)

    page.goto("/isms/incidents/new/")
    page.locator("#id_title").fill("Atak DDoS na system podatkowy")
    page.locator("#id_description").fill("System niedostępny przez 9 godzin")
    page.locator("#id_severity").select_option("high")
    page.locator("#id_significant").check()
    page.locator("#id_assets").fill("SW-PODATKI")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("rowheader", name=re.compile("wczesne ostrzeżenie do CSIRT"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("wstępnie wypełniony projekt")).first.click()
    expect(page.get_by_text("System niedostępny przez 9 godzin")).to_be_visible()
    assert_accessible(page)

    page.goto("/isms/soa/")
    assert_accessible(page)
    page.get_by_role("button", name="Utwórz nowy projekt").click()
    expect(page.get_by_role("rowheader", name=re.compile("A.5.1 "))).to_be_visible()
    page.get_by_role("link", name="edytuj A.5.1", exact=True).click()  # the row turns into a form (htmx)
    page.get_by_label("tak").check()
    page.get_by_label("wymóg prawny").check()
    page.get_by_label(re.compile("^uzasadnienie")).fill("Wymóg KRI § 20 ust. 1")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator("tr", has_text="Wymóg KRI § 20 ust. 1")).to_be_visible()
    assert_accessible(page)

    for link in (
        "Ryzyka",
        "Zabezpieczenia",
        "Incydenty",
        "Rejestr czynności przetwarzania",
        "Rejestr naruszeń",
    ):
        page.locator(".sub-nav").get_by_role("link", name=link, exact=True).click()
        assert_accessible(page)
    page.get_by_role("link", name="Żądania osób, których dane dotyczą").first.click()
    assert_accessible(page)


def test_risk_owner_signs_off_from_the_home_page(page, isms_people):
    from magistrat.isms.models import RiskMatrix, RiskScenario
    from magistrat.isms.services import risks

    officer, owner = isms_people
    assessment = risks.assessment_create(
        title="Szacowanie 2026",
        scope="x",
        assessed_on=timezone.localdate(),
        participants="x",
        matrix=RiskMatrix.objects.get(is_default=True),
    )
    risk = risks.risk_save(
        scenario=RiskScenario(
            assessment=assessment,
            title="Wyciek danych podatników",
            threat="Nadużycie uprawnień",
            vulnerability="Brak przeglądu logów",
            inherent_likelihood=4,
            inherent_impact=4,
            current_likelihood=3,
            current_impact=3,
            residual_likelihood=2,
            residual_impact=2,
            treatment="modify",
            owner=owner,
        ),
        by=officer,
    )
    sign_in(page, owner.username)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name=re.compile(f"Zatwierdź ryzyko {risk.code}")).click()
    assert_accessible(page)
    page.get_by_label(re.compile("dlaczego ryzyko rezydualne jest akceptowalne")).fill(
        "Plan ogranicza ryzyko do niskiego."
    )
    page.get_by_label(re.compile("ważne do")).fill((timezone.localdate() + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Zatwierdź plan i zaakceptuj ryzyko rezydualne").click()
    expect(page.get_by_text(re.compile("Zatwierdził\\(a\\) Olaf Właściciel"))).to_be_visible()
    assert_accessible(page)
    page.goto("/isms/mine/")
    expect(page.get_by_text(re.compile("zatwierdzone do"))).to_be_visible()
    assert_accessible(page)
