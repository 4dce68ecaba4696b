"""The residents' news pages, mounted at /aktualnosci/ by the project's URLconf."""

from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, path

import magistrat.core.converters  # noqa: F401 - <id:…>
from magistrat.comms import public
from magistrat.core.permissions import public as public_page

app_name = "comms_public"


def news_sitemap(request, **kwargs):
    return sitemap(request, **kwargs)


urlpatterns: list[URLPattern] = [
    path("", public.index, name="index"),
    path("<id:pk>/", public.item, name="item"),
    path("obraz/<id:pk>/", public.image, name="image"),
    path("rss.xml", public.rss, name="rss"),
    path("atom.xml", public.atom, name="atom"),
    path(
        "sitemap.xml", public_page(news_sitemap), {"sitemaps": {"news": public.NewsSitemap}}, name="sitemap"
    ),
]
