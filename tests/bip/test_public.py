"""The public BIP: every page type, the metryczka, history, verification, feeds and sitemap."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.bip import services
from magistrat.core.uploads import check_upload
from tests.bip.conftest import approver_user, publish_item

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_required_elements(client, office, units, bulletin_settings):
    item = publish_item(units)
    for url in [
        reverse("bip_public:home"),
        reverse("bip_public:category", args=["ogloszenia"]),
        reverse("bip_public:item", args=["ogloszenia", item.slug]),
        reverse("bip_public:history", args=["ogloszenia", item.slug]),
        reverse("bip_public:version", args=["ogloszenia", item.slug, 1]),
        reverse("bip_public:search") + "?q=ogłoszenia",
        reverse("bip_public:units"),
        reverse("bip_public:unit", args=["SA"]),
        reverse("bip_public:changes"),
        reverse("bip_public:instruction"),
        reverse("bip_public:not_published"),
        reverse("bip_public:accessibility"),
    ]:
        html = client.get(url).content.decode()
        for required in (
            "https://www.gov.pl/web/bip",
            office.name,
            "Ewa Redaktorska",
            "+48 32 555 10 20",
            "bip@testowo.example.pl",
            "Referat BIP",
            "Menu przedmiotowe",
            'role="search"',
            "Instrukcja korzystania z BIP",
            "Informacje nieudostępnione w BIP",
            "Deklaracja dostępności",
        ):
            assert required in html, (url, required)


def test_item_page_shows_metryczka_and_the_history(client, office, units, bulletin_settings):
    item = publish_item(units, title="Ogłoszenie o naborze")
    item.title = "Ogłoszenie o naborze (sprostowanie)"
    services.item_save(item=item)
    item.change_reason = "Sprostowanie tytułu"
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver_user())
    services.item_publish(item=item, by=approver_user(first_name="Adam", last_name="Publikujący"))
    html = client.get(reverse("bip_public:item", args=["ogloszenia", item.slug])).content.decode()
    for text in (
        "Metryczka",
        "Wytworzył",
        "Wydział Spraw Obywatelskich",
        "Naczelnik Wydziału",
        "Wprowadził",
        "Data udostępnienia",
        "wersja 2",
        "Adam Publikujący",
    ):
        assert text in html, text
    history = client.get(reverse("bip_public:history", args=["ogloszenia", item.slug])).content.decode()
    assert "Sprostowanie tytułu" in history and "pierwsza publikacja" in history
    first = client.get(reverse("bip_public:version", args=["ogloszenia", item.slug, 1])).content.decode()
    assert "Ogłoszenie o naborze</h1>" in first
    second = client.get(reverse("bip_public:version", args=["ogloszenia", item.slug, 2])).content.decode()
    assert "diff-added" in second and "(sprostowanie)" in second


def test_verification_endpoint(client, units):
    item = publish_item(units)
    data = json.loads(client.get(reverse("bip_public:verify", args=["ogloszenia", item.slug])).content)
    assert data["valid"] is True and data["broken_at_version"] is None
    assert data["versions"][0]["hash"] == data["versions"][0]["computed_hash"]


def test_removed_item_leaves_a_notice(client, units):
    item = publish_item(units)
    services.item_remove(item=item, by=approver_user(), reason="Nieaktualne ogłoszenie")
    html = client.get(reverse("bip_public:item", args=["ogloszenia", item.slug])).content.decode()
    assert "Informacja została usunięta" in html and "Nieaktualne ogłoszenie" in html


def test_withheld_information_notice(client, units):
    item = publish_item(
        units,
        withheld_scope="Dane osobowe oferentów",
        withheld_basis="art. 5 ust. 2 udip",
        withheld_by="Jan Kowalski, Naczelnik",
    )
    html = client.get(reverse("bip_public:item", args=["ogloszenia", item.slug])).content.decode()
    assert "Informacja wyłączona z udostępnienia" in html and "art. 5 ust. 2 udip" in html


def test_drafts_and_unpublished_attachments_are_not_public(client, units, sa_editor):
    item = publish_item(units)
    checked = check_upload(SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    attachment = services.attachment_add(item=item, file=checked, title="Plan")
    url = reverse("bip_public:attachment", args=[attachment.pk, "plan.pdf"])
    assert client.get(url).status_code == 404  # added to the working copy, not published yet
    item.change_reason = "Dodano plan"
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver_user())
    services.item_publish(item=item, by=approver_user())
    assert client.get(url).status_code == 200
    assert client.get(reverse("bip_public:item", args=["ogloszenia", "nie-ma"])).status_code == 404


def test_feeds_sitemap_and_print_view(client, units):
    item = publish_item(units, title="Ogłoszenie o przetargu")
    for name, marker in (("bip_public:rss", "<rss"), ("bip_public:atom", "<feed")):
        assert marker in client.get(reverse(name)).content.decode()
    assert (
        "Ogłoszenie o przetargu"
        in client.get(reverse("bip_public:category_rss", args=["ogloszenia"])).content.decode()
    )
    sitemap = client.get(reverse("bip_public:sitemap")).content.decode()
    assert f"/bip/ogloszenia/{item.slug}/" in sitemap
    printed = client.get(
        reverse("bip_public:item", args=["ogloszenia", item.slug]) + "?druk=1"
    ).content.decode()
    assert "wersja do druku" in printed and "Metryczka" in printed


def test_view_settings_are_remembered_and_redirects_stay_on_site(client):
    response = client.get(reverse("bip_public:view") + "?kontrast=1&next=/bip/")
    assert (
        response.status_code == 302
        and response["Location"] == "/bip/"
        and response.cookies["bip_contrast"].value == "1"
    )
    assert 'class="contrast' in client.get("/bip/").content.decode()
    evil = client.get(reverse("bip_public:view") + "?duza-czcionka=1&next=https://evil.example/")
    assert evil["Location"] == reverse("bip_public:home")


def test_visit_counter_only_where_the_office_enables_it(client, units, bulletin_settings):
    from magistrat.bip.models import BulletinSettings, Item

    item = publish_item(units, slug="licznik")
    url = reverse("bip_public:item", args=["ogloszenia", item.slug])
    client.get(url)
    assert (
        Item.objects.get(pk=item.pk).visits == 0 and "Liczba odsłon" not in client.get(url).content.decode()
    )
    BulletinSettings.objects.filter(pk=bulletin_settings.pk).update(show_visits=True)
    client.get(url)
    page = client.get(url).content.decode()
    assert Item.objects.get(pk=item.pk).visits == 2 and "Liczba odsłon" in page


def test_validity_dates_are_shown(client, units):
    from datetime import date

    item = publish_item(units, slug="wazne", valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
    page = client.get(reverse("bip_public:item", args=["ogloszenia", item.slug])).content.decode()
    assert "Obowiązuje od 1 stycznia 2026 do 31 grudnia 2026" in page
