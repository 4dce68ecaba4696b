"""One definition of what the public sees (`bip.selectors`): the public site, the API, the feeds,
the sitemap, search and the static mirror list the same items, read from their published versions.

A removed item leaves a public record (its page says when, by whom and why; the change register and
the feeds carry the removal) but is not listed among the bulletin's items, and nothing public shows
an editor's working copy: neither the changes not yet approved nor its files.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.bip import services
from magistrat.bip.mirror import export_all
from magistrat.bip.models import ItemVersion
from magistrat.core.uploads import check_upload
from tests.bip.conftest import approver_user, publish_item

pytestmark = pytest.mark.django_db

LISTED = {"alfa", "gamma", "delta"}
DRAFT_TITLE = "Tytuł roboczy niezatwierdzony"
DRAFT_TEXT = "Szkic redaktora niezatwierdzony"


def _slugs(html: str) -> set[str]:
    return set(re.findall(r'/bip/ogloszenia/([a-z0-9-]+)/"', html))


def _text(response) -> str:
    """What a reader sees: JSON with its escapes (\\u0142 for ł) read back."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.fixture
def bulletin(units, bulletin_settings, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    approver = approver_user()
    publish_item(units, title="Alfa ogłoszenie", slug="alfa")
    beta = publish_item(units, title="Beta ogłoszenie", slug="beta", body="<p>Treść opublikowana</p>")
    # An editor starts changing beta (text and a file), then the approver removes it from the BIP.
    beta.body = f"<p>{DRAFT_TEXT}</p>"
    services.item_save(item=beta)
    draft_file = services.attachment_add(
        item=beta, file=check_upload(SimpleUploadedFile("szkic.pdf", b"%PDF-1.4 szkic")), title="Szkic"
    )
    services.item_remove(item=beta, by=approver, reason="Informacja nieaktualna")
    gamma = publish_item(units, title="Gamma ogłoszenie", slug="gamma")
    services.item_archive(item=gamma, by=approver)
    delta = publish_item(units, title="Delta ogłoszenie", slug="delta")
    delta.title = DRAFT_TITLE  # saved, not approved: the public still reads version 1
    services.item_save(item=delta)
    return {"beta": beta, "draft_file": draft_file}


def test_the_same_items_everywhere(client, bulletin, tmp_path):
    site = client.get(reverse("bip_public:home")).content.decode()
    assert _slugs(site) == LISTED
    current = client.get(reverse("bip_public:category", args=["ogloszenia"])).content.decode()
    archive = client.get(reverse("bip_public:category", args=["ogloszenia"]) + "?archiwum=1").content.decode()
    assert _slugs(current) == {"alfa", "delta"} and _slugs(archive) == {"gamma"}
    assert _slugs(client.get(reverse("bip_public:unit", args=["SA"])).content.decode()) == LISTED
    api = client.get("/api/v1/bip/items").json()
    assert {row["slug"] for row in api["results"]} == LISTED and api["count"] == 3
    assert {row["slug"]: row["state"] for row in api["results"]} == {
        "alfa": "published",
        "gamma": "archived",
        "delta": "published",  # the editors' draft is theirs: the public item is published
    }
    exported = client.get("/api/v1/bip/export/ogloszenia.json").json()
    assert {row["slug"] for row in exported["items"]} == LISTED
    sitemap = client.get(reverse("bip_public:sitemap")).content.decode()
    assert _slugs(sitemap.replace("</loc>", '"')) == LISTED
    # The feeds are the change register as news: the removal is an entry, with its reason.
    rss = client.get(reverse("bip_public:rss")).content.decode()
    assert "[usunięto] Beta ogłoszenie" in rss and "Informacja nieaktualna" in rss
    export_all(tmp_path)
    mirrored = (tmp_path / "bip" / "index.html").read_text()
    assert _slugs(mirrored) == LISTED
    listing = (tmp_path / "bip" / "kategoria" / "ogloszenia" / "index.html").read_text()
    assert _slugs(listing) == {"alfa", "delta"}
    removed_page = (tmp_path / "bip" / "ogloszenia" / "beta" / "index.html").read_text()
    assert "Informacja została usunięta" in removed_page and "Informacja nieaktualna" in removed_page


def test_search_finds_listed_items_only(client, bulletin):
    site = client.get(reverse("bip_public:search"), {"q": "ogłoszenie"}).content.decode()
    assert _slugs(site) == LISTED
    api = client.get("/api/v1/bip/search", {"q": "ogłoszenie"}).json()
    assert {row["slug"] for row in api["results"]} == LISTED


def test_a_removed_item_keeps_its_public_record(client, bulletin):
    page = client.get(reverse("bip_public:item", args=["ogloszenia", "beta"])).content.decode()
    assert "Informacja została usunięta" in page and "Informacja nieaktualna" in page
    changes = client.get(reverse("bip_public:changes")).content.decode()
    assert "(usunięcie)" in changes and "Informacja nieaktualna" in changes
    detail = client.get("/api/v1/bip/items/ogloszenia/beta").json()
    assert detail["state"] == "removed" and detail["current"]["kind"] == "removed"
    assert detail["current"]["reason"] == "Informacja nieaktualna"
    # Like the site's page, the API's current version of a removed item is the notice, not content.
    assert detail["current"]["body"] == "" and detail["current"]["attachments"] == []
    first = client.get("/api/v1/bip/items/ogloszenia/beta/versions/1").json()
    assert first["body"] == "<p>Treść opublikowana</p>"  # the history stays, as on the site


def test_nothing_public_shows_the_working_copy(client, bulletin, tmp_path):
    # The removal records what the public had, never the editor's unpublished changes or files.
    removal = ItemVersion.objects.get(item=bulletin["beta"], kind=ItemVersion.Kind.REMOVED)
    assert removal.body == "<p>Treść opublikowana</p>" and removal.attachments == []
    file = bulletin["draft_file"]
    assert client.get(reverse("bip_public:attachment", args=[file.pk, file.filename])).status_code == 404
    pages = [
        reverse("bip_public:home"),
        reverse("bip_public:category", args=["ogloszenia"]),
        reverse("bip_public:item", args=["ogloszenia", "delta"]),
        reverse("bip_public:item", args=["ogloszenia", "delta"]) + "?druk=1",
        reverse("bip_public:history", args=["ogloszenia", "delta"]),
        reverse("bip_public:item", args=["ogloszenia", "beta"]),
        reverse("bip_public:rss"),
        "/api/v1/bip/items",
        "/api/v1/bip/items/ogloszenia/beta",
        "/api/v1/bip/export/ogloszenia.json",
    ]
    for url in pages:
        text = _text(client.get(url))
        assert DRAFT_TITLE not in text and DRAFT_TEXT not in text, url
    assert "Delta ogłoszenie" in _text(client.get("/api/v1/bip/items"))
    export_all(tmp_path)
    for path in Path(tmp_path).rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text()
            assert DRAFT_TITLE not in text and DRAFT_TEXT not in text, path
