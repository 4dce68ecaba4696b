from django.contrib.sitemaps.views import sitemap
from django.urls import path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.bip import feeds, public, views
from magistrat.bip.pagecache import cached_page
from magistrat.bip.sources import public_url_patterns
from magistrat.core import permissions

app_name = "bip"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("new/", views.item_edit, name="item_create"),
    path("settings/", views.settings_edit, name="settings"),
    path("<id:pk>/", views.item_detail, name="item_detail"),
    path("<id:pk>/edit/", views.item_edit, name="item_edit"),
    path("<id:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<id:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<id:pk>/return/", views.item_return, name="item_return"),
    path("<id:pk>/<slug:action>/", views.item_action, name="item_action"),
]

# The public bulletin, at /bip/ (Polish addresses: they are what residents see and share).
public_urlpatterns = (
    [
        path("", public.home, name="home"),
        path("szukaj/", public.search, name="search"),
        path("jednostki/", public.units, name="units"),
        path("jednostki/<str:code>/", public.unit_page, name="unit"),
        path("rejestr-zmian/", public.change_register, name="changes"),
        path("instrukcja/", public.instruction, name="instruction"),
        path("informacje-nieudostepnione/", public.not_published, name="not_published"),
        path("deklaracja-dostepnosci/", public.accessibility, name="accessibility"),
        path("widok/", public.view_settings, name="view"),
        path("rss/", permissions.public(cached_page(feeds.LatestVersions())), name="rss"),
        path("atom/", permissions.public(cached_page(feeds.LatestVersionsAtom())), name="atom"),
        path(
            "sitemap.xml",
            permissions.public(cached_page(sitemap)),
            {"sitemaps": {"items": feeds.ItemSitemap, "categories": feeds.CategorySitemap}},
            name="sitemap",
        ),
        path("zalaczniki/<id:pk>/<str:filename>", public.attachment, name="attachment"),
        # Other apps' public pages on the bulletin (the petitions register, …): `bip.sources`.
        *public_url_patterns(),
        path("kategoria/<slug:slug>/", public.category, name="category"),
        path(
            "kategoria/<slug:slug>/rss/",
            permissions.public(cached_page(feeds.LatestVersions())),
            name="category_rss",
        ),
        path(
            "kategoria/<slug:slug>/atom/",
            permissions.public(cached_page(feeds.LatestVersionsAtom())),
            name="category_atom",
        ),
        path("<slug:category_slug>/<slug:slug>/", public.item_page, name="item"),
        path("<slug:category_slug>/<slug:slug>/historia/", public.item_history, name="history"),
        path("<slug:category_slug>/<slug:slug>/wersja/<id:number>/", public.item_version, name="version"),
        path("<slug:category_slug>/<slug:slug>/weryfikacja.json", public.item_verify, name="verify"),
    ],
    "bip_public",
)
