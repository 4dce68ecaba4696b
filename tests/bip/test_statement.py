"""The accessibility statement in the structure of the Minister's technical conditions
("Warunki techniczne publikacji oraz struktura dokumentu elektronicznego deklaracji dostępności"):
the ids validators read, each once, dates as YYYY-MM-DD."""

import re
from datetime import date

import pytest
from django.urls import reverse

from magistrat.bip import services
from magistrat.bip.forms import SettingsForm

pytestmark = pytest.mark.django_db

REQUIRED_IDS = [
    "a11y-deklaracja",
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-zakres",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-ocena",
    "a11y-data-sporzadzenie",
    "a11y-data-przeglad",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-aplikacje",
    "a11y-architektura",
    "a11y-komunikacja",
]
DATE_IDS = ["a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie", "a11y-data-przeglad"]


def statement(client) -> str:
    return client.get(reverse("bip_public:accessibility")).content.decode()


def element(html: str, element_id: str) -> re.Match:
    found = re.search(rf'<(\w+) id="{element_id}"([^>]*)>(.*?)</\1>', html, re.DOTALL)
    assert found, element_id
    return found


def test_every_required_id_is_there_exactly_once(client, office, bulletin_settings):
    html = statement(client)
    for element_id in REQUIRED_IDS:
        assert html.count(f'id="{element_id}"') == 1, element_id
    assert "a11y-audytor" not in html  # only after an external audit
    assert element(html, "a11y-deklaracja").group(1) == "h1"
    assert element(html, "a11y-podmiot").group(3) == office.name
    assert 'id="a11y-url" href="http://testserver/bip/"' in html
    assert 'id="a11y-email" href="mailto:bip@testowo.example.pl"' in html


def test_dates_are_written_as_the_template_requires(client, office, bulletin_settings):
    html = statement(client)
    for element_id in DATE_IDS:
        found = element(html, element_id)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.group(3)), element_id
        assert f'datetime="{found.group(3)}"' in found.group(2)
    # Dates the editors did not give come from the statement's own dates.
    assert element(html, "a11y-data-publikacja").group(3) == "2025-03-01"
    assert element(html, "a11y-data-aktualizacja").group(3) == "2026-03-01"
    assert element(html, "a11y-data-sporzadzenie").group(3) == "2025-03-01"


def test_the_editors_facts_fill_the_statement(client, office, bulletin_settings):
    bulletin_settings.site_published_on = date(2020, 9, 23)
    bulletin_settings.site_updated_on = date(2026, 1, 15)
    bulletin_settings.accessibility_person = "Jan Dostępny"
    bulletin_settings.accessibility_email = "dostepnosc@testowo.example.pl"
    bulletin_settings.accessibility_phone = "+48 32 555 10 99"
    bulletin_settings.accessibility_auditor = "Fundacja Audytorów Dostępności"
    bulletin_settings.mobile_apps = "Aplikacja „Testowo” w sklepach z aplikacjami."
    bulletin_settings.compliance = "full"
    services.bulletin_settings_save(settings=bulletin_settings)
    html = statement(client)
    assert element(html, "a11y-data-publikacja").group(3) == "2020-09-23"
    assert element(html, "a11y-data-aktualizacja").group(3) == "2026-01-15"
    assert element(html, "a11y-osoba").group(3) == "Jan Dostępny"
    assert element(html, "a11y-telefon").group(3) == "+48 32 555 10 99"
    assert element(html, "a11y-email").group(3) == "dostepnosc@testowo.example.pl"
    assert element(html, "a11y-audytor").group(3) == "Fundacja Audytorów Dostępności"
    assert "Aplikacja „Testowo”" in element(html, "a11y-aplikacje").group(3)
    assert element(html, "a11y-status").group(3).startswith("Strona internetowa jest zgodna")
    assert html.count('id="a11y-audytor"') == 1


def test_the_current_content_is_kept(client, office, bulletin_settings):
    html = statement(client)
    for text in (
        "Każdy ma prawo wystąpić z żądaniem",
        "Rzecznika Praw Obywatelskich",
        "Przejdź do treści",
        "axe-core",
        "7 dni",
    ):
        assert text in html, text


def test_settings_refuse_dates_in_the_wrong_order(bulletin_settings):
    data = {
        "editor_name": "Ewa",
        "editor_phone": "1",
        "editor_email": "a@example.pl",
        "editorial_address": "Rynek 1",
        "compliance": "partial",
        "accessibility_prepared_on": "2026-03-01",
        "accessibility_reviewed_on": "2025-03-01",
        "accessibility_contact": "a@example.pl",
        "site_published_on": "2026-01-01",
        "site_updated_on": "2025-01-01",
    }
    form = SettingsForm(data, instance=bulletin_settings)
    assert not form.is_valid()
    assert {"site_updated_on", "accessibility_reviewed_on"} <= form.errors.keys()
