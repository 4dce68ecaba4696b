"""RSS and Atom feeds (all news, and per category) and the sitemap of the public BIP.

The feeds are the change register as news (`selectors.public_changes`): a removal is news too, and
its entry carries the reason. The sitemap lists the bulletin's items (`selectors.listed_items`).
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from magistrat.bip import selectors
from magistrat.bip.models import Category, Item, ItemVersion

FEED_SIZE = 30


def item_url(item: Item) -> str:
    return reverse("bip_public:item", args=[item.category.slug, item.slug])


class LatestVersions(Feed):
    """Each publication, change and removal, newest first (a change is news in a bulletin too)."""

    description = "Biuletyn Informacji Publicznej: nowe i zmienione informacje"

    def get_object(self, request, slug: str | None = None):
        return get_object_or_404(Category, slug=slug, active=True) if slug else None

    def link(self, obj):
        return reverse("bip_public:category", args=[obj.slug]) if obj else reverse("bip_public:home")

    def title(self, obj):
        return f"BIP: {obj.name}" if obj else "BIP"

    def items(self, obj):
        return selectors.public_changes(category=obj)[:FEED_SIZE]

    def item_title(self, version):
        if version.kind == ItemVersion.Kind.REMOVED:
            return f"[usunięto] {version.title}"
        return version.title if version.number == 1 else f"[zmiana] {version.title}"

    def item_description(self, version):
        if version.kind == ItemVersion.Kind.REMOVED:
            return version.reason
        return Truncator(strip_tags(version.body)).words(60)

    def item_link(self, version):
        return reverse(
            "bip_public:version", args=[version.item.category.slug, version.item.slug, version.number]
        )

    def item_pubdate(self, version):
        return version.published_at

    def item_guid(self, version):
        return version.hash

    item_guid_is_permalink = False


class LatestVersionsAtom(LatestVersions):
    feed_type = Atom1Feed
    subtitle = LatestVersions.description


class ItemSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return selectors.listed_items().order_by("pk")

    def location(self, item):
        return item_url(item)

    def lastmod(self, item):
        return item.public_changed_at  # the latest version, not the editors' working copy


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.filter(active=True).order_by("pk")

    def location(self, category):
        return reverse("bip_public:category", args=[category.slug])
