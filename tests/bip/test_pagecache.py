"""Cached public pages: served before Django, never stale after a publication."""

import pytest
from django.test import Client

from magistrat.bip import services
from magistrat.bip.pagecache import serve_cached
from magistrat.wsgi import django_application
from tests.bip.conftest import publish_item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wsgi_get(app, path, query="", cookie=""):
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
    services.item_approve(item=item, approver=UserFactory())
    services.item_publish(item=item, by=UserFactory())
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
