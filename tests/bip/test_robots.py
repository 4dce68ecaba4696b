"""Search engines find the bulletin: /robots.txt names its sitemap, /sitemap.xml at the root
points to it, and no public address is closed to crawlers."""

import pytest
from django.test import Client
from django.urls import reverse

from magistrat.bip.public import ROBOTS_DISALLOWED
from tests.bip.conftest import publish_item

pytestmark = pytest.mark.django_db

PUBLIC = ["/bip/", "/bip/szukaj/", "/uslugi/", "/informacja-publiczna/", "/skargi-i-wnioski/", "/ocena/"]


def test_robots_names_the_bip_sitemap_and_leaves_public_pages_open(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text and "Sitemap: http://testserver/bip/sitemap.xml" in text
    disallowed = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Disallow:")]
    assert disallowed == list(ROBOTS_DISALLOWED)
    for public in PUBLIC:
        assert not any(public.startswith(prefix) for prefix in disallowed), public


def test_what_robots_closes_is_for_staff_only():
    anonymous = Client()
    for prefix in ("/bulletin/", "/org/units/", "/registers/complaints/", "/isms/", "/quality/", "/comms/"):
        assert any(prefix.startswith(p) for p in ROBOTS_DISALLOWED)
        response = anonymous.get(prefix)
        assert response.status_code in (302, 403, 404) and (
            response.status_code != 302 or "/login/" in response["Location"]
        ), prefix


def test_root_sitemap_points_to_the_bip_sitemap(client, units):
    item = publish_item(units, slug="ogloszenie")
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert "<sitemapindex" in xml and "<loc>http://testserver/bip/sitemap.xml</loc>" in xml
    assert "<loc>http://testserver/aktualnosci/sitemap.xml</loc>" in xml  # the news (comms)
    assert "Sitemap: http://testserver/aktualnosci/sitemap.xml" in client.get("/robots.txt").content.decode()
    listed = client.get(reverse("bip_public:sitemap")).content.decode()
    assert f"/bip/ogloszenia/{item.slug}/" in listed
