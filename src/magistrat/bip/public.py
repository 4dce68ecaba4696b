"""The public BIP: subject and entity menus, items with their metryczka and history, search,
the change register, verification of an item's history, and the required information pages.

What the public reads always comes from published versions, never from the editors' working copy.
"""

from datetime import date

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from magistrat.bip import search as bip_search
from magistrat.bip.models import Attachment, BulletinSettings, Category, Item, ItemVersion
from magistrat.bip.pagecache import cached_page
from magistrat.bip.services import verify_versions
from magistrat.core.deadlines import legal_period
from magistrat.org.models import Unit

PAGE_SIZE = 30
VIEW_COOKIES = {"kontrast": "bip_contrast", "duza-czcionka": "bip_large"}


def _public_items():
    return Item.objects.public().select_related("category", "unit")


def _listing(items):
    """Published items with their current (latest) version title, newest first."""
    return items.exclude(state=Item.State.REMOVED).order_by("-first_published_at", "-pk")


@require_GET
@cached_page
def home(request):
    latest = list(_listing(_public_items())[:15])
    return render(request, "bip/public/home.html", {"latest": latest})


@require_GET
@cached_page
def category(request, slug: str):
    node = get_object_or_404(Category.objects.filter(active=True), slug=slug)
    children = list(node.children.filter(active=True))
    items = _listing(_public_items().filter(category__in=[node, *children]))
    archive = request.GET.get("archiwum") == "1"
    items = items.filter(state=Item.State.ARCHIVED) if archive else items.exclude(state=Item.State.ARCHIVED)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"category": node, "children": children, "page": page, "archive": archive}
    return render(request, "bip/public/category.html", context)


def _item(category_slug: str, slug: str) -> tuple[Item, list[ItemVersion]]:
    """A public item and its published versions, newest first."""
    item = _public_items().filter(category__slug=category_slug, slug=slug).first()
    if item is None:
        raise Http404
    return item, list(item.versions.order_by("-number"))


@require_GET
def item_page(request, category_slug: str, slug: str):
    item, history = _item(category_slug, slug)
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


@require_GET
@cached_page
def item_history(request, category_slug: str, slug: str):
    item, history = _item(category_slug, slug)
    return render(request, "bip/public/history.html", {"item": item, "versions": history})


@require_GET
@cached_page
def item_version(request, category_slug: str, slug: str, number: int):
    item, history = _item(category_slug, slug)
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


@require_GET
@cached_page
def item_verify(request, category_slug: str, slug: str):
    """Anyone can check that the item's published history has not been rewritten."""
    _public_item, history = _item(category_slug, slug)
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


@require_GET
def attachment(request, pk: int, filename: str):
    """A file of a published item; files only ever attached to drafts are not served."""
    file = get_object_or_404(Attachment.objects.select_related("item"), pk=pk, filename=filename)
    published = any(entry["id"] == file.pk for v in file.item.versions.all() for entry in v.attachments)
    if not published:
        raise Http404
    return FileResponse(file.file.open("rb"), filename=file.filename, content_type=file.content_type)


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    category_slug = request.GET.get("kategoria", "")
    unit_code = request.GET.get("jednostka", "")
    any_diacritics = request.GET.get("bez_polskich_znakow") == "1"
    node = Category.objects.filter(slug=category_slug).first() if category_slug else None
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    date_from, date_to = _date(request.GET.get("od")), _date(request.GET.get("do"))
    page_number = max(1, int(request.GET["page"])) if request.GET.get("page", "").isdigit() else 1
    hits, total = bip_search.search(
        query,
        any_diacritics=any_diacritics,
        category=node,
        unit=unit,
        date_from=date_from,
        date_to=date_to,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    items = {i.pk: i for i in _public_items().filter(pk__in=[h.item_id for h in hits])}
    context = {
        "q": query,
        "results": [items[h.item_id] for h in hits if h.item_id in items],
        "total": total,
        "page_number": page_number,
        "pages": (total + PAGE_SIZE - 1) // PAGE_SIZE,
        "categories": Category.objects.filter(active=True, parent__isnull=True),
        "units": Unit.objects.active(),
        "chosen": {
            "kategoria": category_slug,
            "jednostka": unit_code,
            "od": date_from,
            "do": date_to,
            "any": any_diacritics,
        },
    }
    return render(request, "bip/public/search.html", context)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@require_GET
@cached_page
def units(request):
    """The entity menu (menu podmiotowe): the office's units from the organisation model."""
    return render(request, "bip/public/units.html", {"units": Unit.objects.active().order_by("code")})


@require_GET
@cached_page
def unit_page(request, code: str):
    unit = get_object_or_404(Unit.objects.active(), code=code)
    page = Paginator(_listing(_public_items().filter(unit=unit)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bip/public/unit.html", {"unit": unit, "page": page})


@require_GET
@cached_page
def change_register(request):
    """Rejestr zmian: every publication, change and removal, newest first."""
    versions = ItemVersion.objects.select_related("item__category").order_by("-published_at", "-pk")
    page = Paginator(versions, 50).get_page(request.GET.get("page"))
    return render(request, "bip/public/changes.html", {"page": page})


@require_GET
@cached_page
def instruction(request):
    return render(request, "bip/public/instruction.html")


@require_GET
@cached_page
def not_published(request):
    """How to ask for information that is not in the BIP, with the statutory deadlines."""
    context = {
        "reply": legal_period("public_info_reply"),
        "extension": legal_period("public_info_extension"),
    }
    return render(request, "bip/public/not_published.html", context)


@require_GET
@cached_page
def accessibility(request):
    return render(request, "bip/public/accessibility.html", {"statement": BulletinSettings.objects.first()})


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
