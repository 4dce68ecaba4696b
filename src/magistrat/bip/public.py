"""The public BIP: subject and entity menus, items with their metryczka and history, search,
the change register, verification of an item's history, and the required information pages.

What the public reads always comes from published versions, never from the editors' working copy;
which items are public and which are listed is defined once, in `bip.selectors` (the API, the
feeds, the sitemap and the static mirror read the same).
"""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from magistrat.bip import search as bip_search
from magistrat.bip import selectors
from magistrat.bip.forms import SearchForm
from magistrat.bip.models import BulletinSettings, Category, Item, ItemVersion
from magistrat.bip.pagecache import cached_page
from magistrat.bip.services import verify_versions
from magistrat.core.deadlines import legal_period
from magistrat.core.permissions import public
from magistrat.core.sitemaps import registered_sitemaps
from magistrat.org.models import Unit
from magistrat.org.selectors import current_office

PAGE_SIZE = 30
VIEW_COOKIES = {"kontrast": "bip_contrast", "duza-czcionka": "bip_large"}


@public
@require_GET
@cached_page
def home(request):
    latest = list(selectors.listed_items()[:15])
    return render(request, "bip/public/home.html", {"latest": latest})


@public
@require_GET
@cached_page
def category(request, slug: str):
    node = get_object_or_404(Category.objects.filter(active=True), slug=slug)
    children = list(node.children.filter(active=True))
    archive = request.GET.get("archiwum") == "1"
    items = selectors.listed_items(category=node, archive=archive)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"category": node, "children": children, "page": page, "archive": archive}
    return render(request, "bip/public/category.html", context)


@public
@require_GET
def item_page(request, category_slug: str, slug: str):
    item, history = selectors.public_item_get(category_slug=category_slug, slug=slug)
    settings = BulletinSettings.objects.first()
    if settings and settings.show_visits:
        Item.objects.count_visit(item.pk)  # counted pages are rendered every time, never cached
    else:
        request.bip_cacheable = True
    current = history[0]
    published = next((v for v in reversed(history) if v.kind == ItemVersion.Kind.PUBLISHED), None)
    context = {
        "item": item,
        "history": history,
        "version": current if current.kind == ItemVersion.Kind.PUBLISHED else None,
        "removal": current if current.kind == ItemVersion.Kind.REMOVED else None,
        "last_published": next((v for v in history if v.kind == ItemVersion.Kind.PUBLISHED), None),
        "first": published,
        "fields": _fields(item, current),
        "bulletin": settings,
    }
    template = "bip/public/print.html" if request.GET.get("druk") == "1" else "bip/public/item.html"
    return render(request, template, context)


def _fields(item: Item, version: ItemVersion) -> list[tuple[str, str]]:
    labels = {spec["key"]: spec["label"] for spec in item.category.fields}
    return [(labels.get(key, key), value) for key, value in version.data.items() if value not in (None, "")]


@public
@require_GET
@cached_page
def item_history(request, category_slug: str, slug: str):
    item, history = selectors.public_item_get(category_slug=category_slug, slug=slug)
    return render(request, "bip/public/history.html", {"item": item, "versions": history})


@public
@require_GET
@cached_page
def item_version(request, category_slug: str, slug: str, number: int):
    item, history = selectors.public_item_get(category_slug=category_slug, slug=slug)
    version = next((v for v in history if v.number == number), None)
    if version is None:
        raise Http404
    context = {
        "item": item,
        "version": version,
        "fields": _fields(item, version),
        "bulletin": BulletinSettings.objects.first(),
    }
    return render(request, "bip/public/version.html", context)


@public
@require_GET
@cached_page
def item_verify(request, category_slug: str, slug: str):
    """Anyone can check that the item's published history has not been rewritten."""
    _public_item, history = selectors.public_item_get(category_slug=category_slug, slug=slug)
    versions = sorted(history, key=lambda v: v.number)
    ok, broken_at = verify_versions(versions)
    return JsonResponse(
        {
            "item": request.build_absolute_uri(reverse("bip_public:item", args=[category_slug, slug])),
            "valid": ok,
            "broken_at_version": broken_at,
            "algorithm": "SHA-256 over the canonical JSON of each version and the previous version's hash",
            "versions": [
                {
                    "number": v.number,
                    "kind": v.kind,
                    "published_at": v.published_at.isoformat(),
                    "prev_hash": v.prev_hash,
                    "hash": v.hash,
                    "computed_hash": v.compute_hash(),
                }
                for v in versions
            ],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@public
@require_GET
def attachment(request, pk: int, filename: str):
    """A file of a published item; files only ever attached to drafts are not served."""
    file = selectors.public_attachment(pk=pk, filename=filename)
    return FileResponse(file.file.open("rb"), filename=file.filename, content_type=file.content_type)


MAX_SEARCH_PAGE = 1000  # 30,000 results: beyond that a query is refined, not paged through


@public
@require_GET
def search(request):
    """The search form and its results. Invalid parameters (a query too long, a date that is not
    one, an end before the start) are answered with a message on the form, never a server error."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    query = data.get("q", "")
    category_slug, unit_code = data.get("kategoria", ""), data.get("jednostka", "")
    date_from, date_to = data.get("od"), data.get("do")
    node = Category.objects.filter(slug=category_slug).first() if category_slug else None
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    page_text = request.GET.get("page", "")
    page_number = (
        min(max(1, int(page_text)), MAX_SEARCH_PAGE) if page_text.isdigit() and len(page_text) < 7 else 1
    )
    hits, total = (
        bip_search.search(
            query,
            category=node,
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
        if query
        else ([], 0)
    )
    items = {i.pk: i for i in selectors.listed_items().filter(pk__in=[h.item_id for h in hits])}
    used = bip_search.query_words(query)
    context = {
        "form": form,
        "q": query if valid else request.GET.get("q", "")[: SearchForm.MAX_LENGTH],
        "searched": bool(query),
        "results": [items[h.item_id] for h in hits if h.item_id in items],
        "total": total,
        "page_number": page_number,
        "pages": min((total + PAGE_SIZE - 1) // PAGE_SIZE, MAX_SEARCH_PAGE),
        "ignored_words": used[bip_search.MAX_QUERY_WORDS :],
        "max_words": bip_search.MAX_QUERY_WORDS,
        "categories": Category.objects.filter(active=True, parent__isnull=True),
        "units": Unit.objects.active(),
        "chosen": {
            "kategoria": request.GET.get("kategoria", "")[:80],
            "jednostka": request.GET.get("jednostka", "")[:20],
            "od": request.GET.get("od", "")[:10],
            "do": request.GET.get("do", "")[:10],
        },
    }
    return render(request, "bip/public/search.html", context, status=200 if valid else 400)


@public
@require_GET
@cached_page
def units(request):
    """The entity menu (menu podmiotowe): the office's units from the organisation model."""
    return render(request, "bip/public/units.html", {"units": Unit.objects.active().order_by("code")})


@public
@require_GET
@cached_page
def unit_page(request, code: str):
    unit = get_object_or_404(Unit.objects.active(), code=code)
    page = Paginator(selectors.listed_items(unit=unit), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bip/public/unit.html", {"unit": unit, "page": page})


@public
@require_GET
@cached_page
def change_register(request):
    """Rejestr zmian: every publication, change and removal, newest first."""
    page = Paginator(selectors.public_changes(), 50).get_page(request.GET.get("page"))
    return render(request, "bip/public/changes.html", {"page": page})


@public
@require_GET
@cached_page
def instruction(request):
    return render(request, "bip/public/instruction.html")


@public
@require_GET
@cached_page
def not_published(request):
    """How to ask for information that is not in the BIP, with the statutory deadlines."""
    context = {
        "reply": legal_period("public_info_reply"),
        "extension": legal_period("public_info_extension"),
    }
    return render(request, "bip/public/not_published.html", context)


@public
@require_GET
@cached_page
def accessibility(request):
    """Deklaracja dostępności (art. 10 of the act on digital accessibility). Dates and contacts the
    editors left empty come from the statement's own dates and the bulletin's editor."""
    statement = BulletinSettings.objects.first()
    office = current_office()
    context = {
        "statement": statement,
        "bip_url": (office.bip_url if office and office.bip_url else "")
        or request.build_absolute_uri(reverse("bip_public:home")),
    }
    if statement:
        context |= {
            "published_on": statement.site_published_on or statement.accessibility_prepared_on,
            "updated_on": statement.site_updated_on or statement.accessibility_reviewed_on,
            "contact_email": statement.accessibility_email or statement.editor_email,
        }
    return render(request, "bip/public/accessibility.html", context)


@public
@require_GET
def view_settings(request):
    """High contrast and larger text, remembered in a cookie (the pages work without JavaScript)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("bip_public:home")
    response = HttpResponseRedirect(target)
    for parameter, cookie in VIEW_COOKIES.items():
        if parameter in request.GET:
            if request.GET[parameter] == "1":
                response.set_cookie(cookie, "1", max_age=365 * 24 * 3600, samesite="Lax")
            else:
                response.delete_cookie(cookie)
    return response


# Staff areas: nothing in them is for search engines (and they need signing in anyway). Every
# public address (/bip/, /uslugi/, /informacja-publiczna/, …) stays open to crawlers.
ROBOTS_DISALLOWED = (
    "/bulletin/",
    "/org/",
    "/registers/",
    "/feedback/",
    "/catalogue/",
    "/isms/",
    "/login/",
    "/password/",
    "/django-admin/",
    "/ankieta/",
    "/kiosk/",
    "/quality/",
    "/competence/",
    "/performance/",
    "/audits/",
    "/comms/",
)


@public
@require_GET
def robots_txt(request):
    """/robots.txt: the staff areas are left out, the bulletin's sitemap is named."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in ROBOTS_DISALLOWED), ""]
    lines += [f"Sitemap: {request.build_absolute_uri(reverse(name))}" for name in registered_sitemaps()]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public
@require_GET
def sitemap_index(request):
    """/sitemap.xml at the site root, where search engines look first: an index naming the BIP's
    sitemap (/bip/sitemap.xml, every published item and category) and the other registered ones
    (`core.sitemaps`: the news)."""
    return render(
        request,
        "bip/public/sitemap_index.xml",
        {"sitemaps": [request.build_absolute_uri(reverse(name)) for name in registered_sitemaps()]},
        content_type="application/xml; charset=utf-8",
    )
