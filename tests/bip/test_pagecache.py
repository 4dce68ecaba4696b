"""Cached public pages: served before Django, never stale after a publication."""

import pytest
from django.test import Client

from magistrat.bip import services
from magistrat.bip.pagecache import serve_cached
from magistrat.wsgi import django_application
from tests.bip.conftest import approver_user, publish_item

pytestmark = pytest.mark.django_db(transaction=True)


def wsgi_get(app, path, query="", cookie="", **extra):
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": __import__("io").BytesIO(),
        "wsgi.errors": __import__("sys").stderr,
        "REMOTE_ADDR": "10.0.0.7",
        **extra,
    }
    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body.decode()


@pytest.fixture
def app():
    return serve_cached(django_application)


def test_second_request_is_served_from_the_cache_and_a_publication_is_visible_at_once(app, units):
    from magistrat.bip.services import subject_menu_install

    subject_menu_install()
    item = publish_item(units, title="Ogłoszenie pierwsze", slug="pierwsze")
    path = f"/bip/ogloszenia/{item.slug}/"
    status, headers, body = wsgi_get(app, path)
    assert status.startswith("200") and "X-Bip-Cache" not in headers and "Ogłoszenie pierwsze" in body
    status, headers, cached = wsgi_get(app, path)
    assert headers.get("X-Bip-Cache") == "hit" and cached == body
    assert "Content-Security-Policy" in headers  # the stored page keeps the security headers
    item.title = "Ogłoszenie poprawione"
    services.item_save(item=item)
    item.change_reason = "Poprawka"
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver_user())
    services.item_publish(item=item, by=approver_user())
    status, headers, body = wsgi_get(app, path)
    assert "X-Bip-Cache" not in headers and "Ogłoszenie poprawione" in body
    _s, _h, home = wsgi_get(app, "/bip/")
    assert "Ogłoszenie poprawione" in home


def test_variants_and_uncacheable_requests(app, units):
    from magistrat.bip.services import subject_menu_install

    subject_menu_install()
    publish_item(units, slug="x")
    wsgi_get(app, "/bip/")
    _s, headers, contrast = wsgi_get(app, "/bip/", cookie="bip_contrast=1")
    assert "X-Bip-Cache" not in headers and 'class="contrast' in contrast
    _s, headers, _b = wsgi_get(app, "/bip/", cookie="bip_contrast=1")
    assert headers.get("X-Bip-Cache") == "hit"
    wsgi_get(app, "/bip/szukaj/", "q=ogłoszenie")
    _s, headers, _b = wsgi_get(app, "/bip/szukaj/", "q=ogłoszenie")
    assert "X-Bip-Cache" not in headers  # searches are always computed
    client = Client()
    assert client.get("/bip/", HTTP_HOST="evil.example").status_code == 400


def test_api_answers_are_cached_with_etags_and_rate_limited(units, settings):
    from magistrat.bip.services import subject_menu_install

    settings.MAGISTRAT_PUBLIC_API_RATE = "4/m"
    app = serve_cached(django_application)
    subject_menu_install()
    item = publish_item(units, slug="api")
    path = f"/api/v1/bip/items/ogloszenia/{item.slug}"
    status, headers, body = wsgi_get(app, path)
    assert status.startswith("200") and '"history_valid":true' in body.replace(" ", "")
    status, cached_headers, cached = wsgi_get(app, path)
    assert cached_headers.get("X-Bip-Cache") == "hit" and cached == body
    status, _h, _b = wsgi_get(app, path, HTTP_IF_NONE_MATCH=cached_headers["ETag"])
    assert status.startswith("304")
    _s, with_origin, _b = wsgi_get(app, path, HTTP_ORIGIN="https://app.example")
    assert {name.lower(): value for name, value in with_origin.items()}["access-control-allow-origin"] == "*"
    codes = [wsgi_get(app, path)[0][:3] for _ in range(4)]
    assert "429" in codes  # cached answers count against the same per-client limit


def test_a_change_of_the_statement_ends_its_cached_page(app, units):
    from datetime import date

    from magistrat.bip.models import BulletinSettings

    statement = BulletinSettings.objects.create(
        editor_name="Ewa Redaktorska",
        editor_phone="+48 32 555 10 20",
        editor_email="bip@testowo.example.pl",
        editorial_address="Referat BIP",
        accessibility_prepared_on=date(2025, 3, 1),
        accessibility_reviewed_on=date(2026, 3, 1),
        accessibility_contact="bip@testowo.example.pl",
    )
    path = "/bip/deklaracja-dostepnosci/"
    wsgi_get(app, path)
    _s, headers, _b = wsgi_get(app, path)
    assert headers.get("X-Bip-Cache") == "hit"
    statement.accessibility_person = "Jan Dostępny"
    services.bulletin_settings_save(settings=statement)
    _s, headers, body = wsgi_get(app, path)
    assert "X-Bip-Cache" not in headers and '<span id="a11y-osoba">Jan Dostępny</span>' in body


def test_migrating_ends_the_cached_pages(app, units):
    """A new release renders public pages differently (a new metryczka, a new statement): the
    migration that every start runs ends what the previous release cached."""
    from django.core.management import call_command

    from magistrat.bip import pagecache

    before = pagecache.generation()
    call_command("migrate", verbosity=0)
    assert pagecache.generation() > before
