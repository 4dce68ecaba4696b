"""The public BIP API: menu, items with metryczka and versions, search, changes, exports,
ETag/Last-Modified, CORS, throttling."""

import csv
import io
import json

import pytest

from magistrat.bip import services
from tests.bip.conftest import approver_user, publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(units):
    item = publish_item(
        units,
        category="uchwaly",
        title="Uchwała w sprawie budżetu obywatelskiego",
        data={"number": "I/1/2026", "adopted_on": "2026-01-05"},
        slug="uchwala-budzet",
    )
    item.body = "<p>Zmieniona treść</p>"
    services.item_save(item=item)
    item.change_reason = "Aktualizacja"
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver_user())
    services.item_publish(item=item, by=approver_user())
    return item


def test_menu_and_items(client, resolution):
    menu = client.get("/api/v1/bip/menu").json()
    assert any(c["slug"] == "uchwaly" and c["fields"][0]["key"] == "number" for c in menu)
    page = client.get("/api/v1/bip/items?category=uchwaly").json()
    assert page["count"] == 1 and page["results"][0]["version"] == 2
    detail = client.get("/api/v1/bip/items/uchwaly/uchwala-budzet").json()
    assert detail["current"]["imprint"]["produced_by"] == "Wydział Spraw Obywatelskich"
    assert [v["number"] for v in detail["versions"]] == [1, 2] and detail["history_valid"] is True
    assert detail["versions"][1]["prev_hash"] == detail["versions"][0]["hash"]
    first = client.get("/api/v1/bip/items/uchwaly/uchwala-budzet/versions/1").json()
    assert first["body"] == "<p>Treść</p>"
    assert client.get("/api/v1/bip/items/uchwaly/nie-ma").status_code == 404


def test_search_changes_and_exports(client, resolution):
    found = client.get("/api/v1/bip/search", {"q": "uchwaly", "any_diacritics": "true"}).json()
    assert found["count"] == 1 and found["results"][0]["slug"] == "uchwala-budzet"
    changes = client.get("/api/v1/bip/changes").json()
    assert [c["number"] for c in changes] == [2, 1] and changes[0]["reason"] == "Aktualizacja"
    exported = json.loads(client.get("/api/v1/bip/export/uchwaly.json").content)
    assert exported["metadata"]["records"] == 1 and "data.number" in exported["metadata"]["columns"]
    assert exported["items"][0]["data"]["number"] == "I/1/2026"
    table = list(
        csv.reader(io.StringIO(client.get("/api/v1/bip/export/uchwaly.csv").content.decode("utf-8-sig")))
    )
    assert table[0][-3:] == ["data.number", "data.adopted_on", "data.in_force_from"]
    assert table[1][-3] == "I/1/2026"
    assert client.get("/api/v1/bip/export/uchwaly.xml").status_code == 404


def test_etag_and_last_modified(client, resolution):
    first = client.get("/api/v1/bip/items/uchwaly/uchwala-budzet")
    assert first["ETag"] and first["Last-Modified"]
    assert (
        client.get("/api/v1/bip/items/uchwaly/uchwala-budzet", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    assert client.get("/api/v1/bip/items", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    resolution.title = "Nowy tytuł"
    services.item_save(item=resolution)
    resolution.change_reason = "Tytuł"
    services.item_submit(item=resolution)
    services.item_approve(item=resolution, approver=approver_user())
    services.item_publish(item=resolution, by=approver_user())
    assert (
        client.get("/api/v1/bip/items/uchwaly/uchwala-budzet", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


def test_cors_is_open_for_reading_only(client, resolution):
    response = client.get("/api/v1/bip/menu", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/bip/menu", HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    staff = client.get("/api/v1/org/units", HTTP_ORIGIN="https://app.example")
    assert "Access-Control-Allow-Origin" not in staff


def test_throttled_per_client(client, settings, resolution):
    from magistrat.bip import api

    throttle = api.router.throttle[0]
    original = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "3/m", 3, 60
    try:
        codes = [client.get("/api/v1/bip/menu").status_code for _ in range(5)]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = original
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_schema_documents_the_bip_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/bip/items/{category}/{slug}" in schema["paths"]
