"""The residents' news pages (/aktualnosci/): the list with category and district filters and
search (the BIP's Polish search, `comms.search`), an item's page, its pictures, RSS and Atom feeds
and a sitemap. Only `NewsItem.objects.public()` is shown."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from magistrat.comms import search, selectors
from magistrat.comms.models import Category, District, NewsImage, NewsItem
from magistrat.core.permissions import public

FEED_SIZE = 30


@public
@require_GET
def index(request):
    category = Category.objects.filter(slug=request.GET.get("kategoria", "")[:60], active=True).first()
    district = District.objects.filter(slug=request.GET.get("osiedle", "")[:60], active=True).first()
    query = request.GET.get("q", "").strip()[:200]
    ids = search.search_ids(query) if query else None
    items = selectors.public_news(category=category, district=district, ids=ids)
    if ids is not None:
        order = {pk: index for index, pk in enumerate(ids)}
        items = sorted(items, key=lambda news: order[news.pk])
    page = Paginator(items, 12).get_page(request.GET.get("strona"))
    context = {
        "page": page,
        "q": query,
        "category": category,
        "district": district,
        "categories": Category.objects.filter(active=True),
        "districts": District.objects.filter(active=True),
    }
    return render(request, "comms/public/index.html", context)


@public
@require_GET
def item(request, pk: int):
    news = get_object_or_404(NewsItem.objects.public().select_related("unit"), pk=pk)
    context = {
        "news": news,
        "images": news.images.all(),
        "categories": news.categories.all(),
        "districts": news.districts.all(),
        "bip_items": news.bip_items.filter(first_published_at__isnull=False).select_related("category"),
        "services": news.services.filter(is_published=True),
    }
    return render(request, "comms/public/item.html", context)


@public
@require_GET
def image(request, pk: int):
    picture = get_object_or_404(NewsImage.objects.select_related("news"), pk=pk)
    if not NewsItem.objects.public().filter(pk=picture.news_id).exists():
        raise Http404
    response = FileResponse(picture.file.open("rb"), content_type=picture.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class LatestNews(Feed):
    title = "Aktualności"
    description = "Aktualności i komunikaty urzędu"

    def link(self):
        return reverse("comms_public:index")

    def items(self):
        return selectors.public_news()[:FEED_SIZE]

    def item_title(self, news):
        return news.title

    def item_description(self, news):
        return news.lead

    def item_link(self, news):
        return news.public_path()

    def item_pubdate(self, news):
        return news.published_at

    def item_categories(self, news):
        return [category.name for category in news.categories.all()]


class LatestNewsAtom(LatestNews):
    feed_type = Atom1Feed
    subtitle = LatestNews.description


class NewsSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        return NewsItem.objects.public().order_by("pk")

    def location(self, news):
        return news.public_path()

    def lastmod(self, news):
        return news.published_at


rss = public(LatestNews())
atom = public(LatestNewsAtom())
