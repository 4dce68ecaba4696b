"""The static mirror: every public page as a file, pagination rewritten, updated on publication."""

from pathlib import Path

import pytest
from django.core.management import call_command

from magistrat.bip import services
from tests.bip.conftest import approver_user, publish_item

pytestmark = pytest.mark.django_db


def test_export_static_writes_every_public_page(tmp_path, units, bulletin_settings, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    publish_item(units, title="Ogłoszenie o konsultacjach", slug="konsultacje")
    for n in range(31):
        publish_item(units, title=f"Ogłoszenie {n}", slug=f"ogloszenie-{n}")
    call_command("bip", "export-static", str(tmp_path))
    root = tmp_path / "bip"
    page = (root / "ogloszenia" / "konsultacje" / "index.html").read_text()
    assert "Ogłoszenie o konsultacjach" in page and "Metryczka" in page
    assert (root / "ogloszenia" / "konsultacje" / "historia" / "index.html").exists()
    assert (root / "ogloszenia" / "konsultacje" / "wersja" / "1" / "index.html").exists()
    assert (root / "index.html").exists() and (root / "rss" / "index.xml").read_text().startswith("<?xml")
    assert (root / "sitemap.xml").exists() and (tmp_path / "static" / "magistrat" / "app.css").exists()
    listing = (root / "kategoria" / "ogloszenia" / "index.html").read_text()
    assert 'href="page-2.html"' in listing and "?page=" not in listing
    assert (root / "kategoria" / "ogloszenia" / "page-2.html").exists()
    assert (root / "deklaracja-dostepnosci" / "index.html").exists()


def test_publication_updates_the_mirror(tmp_path, units, settings, django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.MAGISTRAT_BIP_STATIC_MIRROR = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(units, title="Pierwsza wersja", slug="wersje")
    page = Path(tmp_path) / "bip" / "ogloszenia" / "wersje" / "index.html"
    assert "Pierwsza wersja" in page.read_text()
    item.title = "Druga wersja"
    services.item_save(item=item)
    item.change_reason = "Zmiana tytułu"
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver_user())
    with django_capture_on_commit_callbacks(execute=True):
        services.item_publish(item=item, by=approver_user())
    assert "Druga wersja" in page.read_text()
    assert (Path(tmp_path) / "bip" / "ogloszenia" / "wersje" / "wersja" / "2" / "index.html").exists()
