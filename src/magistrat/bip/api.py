"""The public BIP API at /api/v1/bip/ for the office's smartphone apps and open data: the subject
menu, items with their metryczka and versions, search, the change feed and bulk exports of a
category (JSON and CSV with metadata, ustawa o otwartych danych art. 10). Read-only, no sign-in,
CORS open, throttled per client, with ETag and Last-Modified on every answer.

It shows what the public site shows (`bip.selectors`): the listed items, from their versions; a
removed item answers with its removal (reason, who, when) and its history, not with content.
"""

import csv
import hashlib
import io
import json
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from ninja import Field, Router, Schema
from ninja.throttling import AnonRateThrottle

from magistrat.api.schemas import AwareDateTime, Id, StrictDate, Text, with_errors
from magistrat.bip import search as bip_search
from magistrat.bip import selectors
from magistrat.bip.forms import SearchForm
from magistrat.bip.models import Category, Item, ItemVersion
from magistrat.bip.services import verify_versions
from magistrat.org.models import Office, Unit

router = Router(
    tags=["BIP (public)"], auth=None, throttle=[AnonRateThrottle(settings.MAGISTRAT_PUBLIC_API_RATE)]
)
PAGE_SIZE = 50
# A page number or row count the database can take (an offset of 10**20 does not fit a query).
PageNumber = Annotated[int, Field(ge=1, le=100_000)]
ChangeCount = Annotated[int, Field(ge=1, le=500)]


def _answers(success) -> dict:
    """The answers of a public BIP operation: 304 when the client's copy (ETag/Last-Modified) is
    current, and the errors: unknown item or category (404), parameters outside the schema (422),
    over the per-client rate limit (429)."""
    return with_errors({200: success, 304: None}, 404, 422, 429)


class CategoryOut(Schema):
    slug: str
    name: str
    parent: str | None
    basis: str
    fields: list[dict]


class ItemSummary(Schema):
    id: int
    category: str
    slug: str
    title: str
    url: str
    unit: str
    state: str
    version: int
    first_published_at: datetime
    last_changed_at: datetime


class Page(Schema):
    count: int
    page: int
    pages: int
    results: list[ItemSummary]


class VersionOut(Schema):
    number: int
    kind: str
    title: str
    body: str
    data: dict
    attachments: list[dict]
    withheld: dict
    links: list[dict]
    imprint: dict
    published_at: datetime
    published_by: str
    reason: str
    diff: list[dict]
    hash: str
    prev_hash: str


class VersionSummary(Schema):
    number: int
    kind: str
    published_at: datetime
    published_by: str
    reason: str
    hash: str
    prev_hash: str


class ItemOut(Schema):
    id: int
    category: str
    slug: str
    url: str
    unit: str
    state: str
    current: VersionOut
    versions: list[VersionSummary]
    history_valid: bool


class ChangeOut(Schema):
    item: str
    url: str
    number: int
    kind: str
    title: str
    published_at: datetime
    reason: str


def _conditional(request, response: HttpResponse, *, stamp: datetime | None, key: str) -> HttpResponse | None:
    """ETag and Last-Modified on the answer; 304 when the client already has this state."""
    etag = quote_etag(hashlib.sha256(f"{key}|{stamp.isoformat() if stamp else ''}".encode()).hexdigest()[:32])
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    if stamp:
        response["Last-Modified"] = http_date(stamp.timestamp())
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if stamp and since and "If-None-Match" not in request.headers and int(stamp.timestamp()) <= since:
        return HttpResponseNotModified(headers={"ETag": etag})
    return None


def _bulletin_stamp(items=None) -> datetime | None:
    versions = ItemVersion.objects.all() if items is None else ItemVersion.objects.filter(item__in=items)
    return versions.aggregate(last=Max("published_at"))["last"]


def _summary(item: Any) -> ItemSummary:
    """A listed item (`selectors.listed_items`, annotated with its public version) as its latest
    version shows it."""
    assert item.first_published_at is not None  # public items only
    return ItemSummary(
        id=item.pk,
        category=item.category.slug,
        slug=item.slug,
        title=item.public_title,
        url=reverse("bip_public:item", args=[item.category.slug, item.slug]),
        unit=item.unit.code,
        state=item.public_state,
        version=item.public_version,
        first_published_at=item.first_published_at,
        last_changed_at=item.public_changed_at,
    )


@router.get(
    "/menu",
    response=with_errors({200: list[CategoryOut], 304: None}, 429),
    summary="The subject menu (menu przedmiotowe)",
)
def menu(request, response: HttpResponse):
    request.bip_cacheable = True
    categories = list(Category.objects.filter(active=True).select_related("parent"))
    stamp = max((c.updated_at for c in categories), default=None)
    if not_modified := _conditional(request, response, stamp=stamp, key="menu"):
        return not_modified
    return [
        CategoryOut(
            slug=c.slug,
            name=c.name,
            parent=c.parent.slug if c.parent else None,
            basis=c.basis,
            fields=c.fields,
        )
        for c in categories
    ]


@router.get("/items", response=_answers(Page), summary="Published items, newest first; by category or unit")
def items(request, response: HttpResponse, category: Text = "", unit: Text = "", page: PageNumber = 1):
    request.bip_cacheable = True
    node = get_object_or_404(Category, slug=category, active=True) if category else None
    queryset = selectors.listed_items(category=node)
    if unit:
        queryset = queryset.filter(unit__code=unit)
    if not_modified := _conditional(
        request, response, stamp=_bulletin_stamp(), key=f"items|{category}|{unit}|{page}"
    ):
        return not_modified
    count = queryset.count()
    pages = max(1, (count + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(page, 1), pages)
    chunk = list(queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return Page(count=count, page=page, pages=pages, results=[_summary(i) for i in chunk])


def _version(version: ItemVersion) -> VersionOut:
    """A version as the public site shows it: a removal is the notice (title, reason, who, when),
    not the content it took off the bulletin (the versions before it keep theirs)."""
    removal = version.kind == ItemVersion.Kind.REMOVED
    return VersionOut(
        number=version.number,
        kind=version.kind,
        title=version.title,
        body="" if removal else version.body,
        data={} if removal else version.data,
        attachments=[]
        if removal
        else [
            a | {"url": reverse("bip_public:attachment", args=[a["id"], a["file"]])}
            for a in version.attachments
        ],
        withheld={} if removal else version.withheld,
        links=[] if removal else version.links,
        imprint=version.imprint,
        published_at=version.published_at,
        published_by=version.published_by_name,
        reason=version.reason,
        diff=version.diff,
        hash=version.hash,
        prev_hash=version.prev_hash,
    )


def _item(category: str, slug: str) -> tuple[Item, list[ItemVersion]]:
    """A public item (removed ones too: their record stays) and its versions, oldest first."""
    item, history = selectors.public_item_get(category_slug=category, slug=slug)
    return item, history[::-1]


@router.get(
    "/items/{category}/{slug}",
    response=_answers(ItemOut),
    summary="One item: current version, metryczka, history",
)
def item_detail(request, response: HttpResponse, category: Text, slug: Text):
    request.bip_cacheable = True
    item, versions = _item(category, slug)
    if not_modified := _conditional(
        request, response, stamp=versions[-1].published_at, key=f"item|{item.pk}"
    ):
        return not_modified
    valid, _broken = verify_versions(versions)
    return ItemOut(
        id=item.pk,
        category=item.category.slug,
        slug=item.slug,
        url=reverse("bip_public:item", args=[item.category.slug, item.slug]),
        unit=item.unit.code,
        state=item.public_state,
        current=_version(versions[-1]),
        versions=[
            VersionSummary(
                number=v.number,
                kind=v.kind,
                published_at=v.published_at,
                published_by=v.published_by_name,
                reason=v.reason,
                hash=v.hash,
                prev_hash=v.prev_hash,
            )
            for v in versions
        ],
        history_valid=valid,
    )


@router.get(
    "/items/{category}/{slug}/versions/{id:number}",
    response=_answers(VersionOut),
    summary="One published version",
)
def item_version(request, response: HttpResponse, category: Text, slug: Text, number: Id):
    request.bip_cacheable = True
    _found, versions = _item(category, slug)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    if not_modified := _conditional(
        request, response, stamp=version.published_at, key=f"version|{version.hash}"
    ):
        return not_modified
    return _version(version)


@router.get(
    "/search",
    response=_answers(Page),
    summary="Search: Polish inflection; any_diacritics for words typed without ą, ę, …",
)
def search(
    request,
    response: HttpResponse,
    q: Annotated[Text, Field(max_length=SearchForm.MAX_LENGTH)],
    any_diacritics: bool = True,
    category: Text = "",
    unit: Text = "",
    date_from: StrictDate | None = None,
    date_to: StrictDate | None = None,
    page: PageNumber = 1,
):
    hits, total = bip_search.search(
        q,
        any_diacritics=any_diacritics,
        category=Category.objects.filter(slug=category).first() if category else None,
        unit=Unit.objects.filter(code=unit).first() if unit else None,
        date_from=date_from,
        date_to=date_to,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    found = {i.pk: i for i in selectors.listed_items().filter(pk__in=[h.item_id for h in hits])}
    chunk = [found[h.item_id] for h in hits if h.item_id in found]
    if not_modified := _conditional(
        request, response, stamp=_bulletin_stamp(), key=f"search|{request.get_full_path()}"
    ):
        return not_modified
    return Page(
        count=total,
        page=page,
        pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
        results=[_summary(i) for i in chunk],
    )


@router.get(
    "/changes",
    response=_answers(list[ChangeOut]),
    summary="The change register as a feed: publications, changes, removals",
)
def changes(request, response: HttpResponse, since: AwareDateTime | None = None, limit: ChangeCount = 100):
    request.bip_cacheable = True
    versions = selectors.public_changes()
    if since:
        versions = versions.filter(published_at__gt=since)
    rows = list(versions[:limit])
    if not_modified := _conditional(
        request, response, stamp=rows[0].published_at if rows else None, key=f"changes|{since}|{limit}"
    ):
        return not_modified
    return [
        ChangeOut(
            item=f"{v.item.category.slug}/{v.item.slug}",
            url=reverse("bip_public:version", args=[v.item.category.slug, v.item.slug, v.number]),
            number=v.number,
            kind=v.kind,
            title=v.title,
            published_at=v.published_at,
            reason=v.reason,
        )
        for v in rows
    ]


EXPORT_COLUMNS = ["id", "title", "url", "unit", "state", "version", "first_published_at", "last_changed_at"]


EXPORT_ANSWERS = {
    "200": {
        "description": "The category's items with open-data metadata, as a file to download",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/export/{category}.{fmt}",
    response=with_errors({304: None}, 404, 422, 429),
    openapi_extra={"responses": EXPORT_ANSWERS},
    summary="Bulk export of a category (JSON or CSV; 404 for another format) with open-data metadata",
)
def export(request, category: Text, fmt: Text):
    request.bip_cacheable = True
    if fmt not in ("json", "csv"):
        raise Http404
    node = get_object_or_404(Category, slug=category, active=True)
    queryset = list(selectors.listed_items().filter(category=node).order_by("pk"))
    current = selectors.public_versions(queryset)
    rows = [_summary(i).dict() | {"data": current[i.pk].data} for i in queryset]
    field_keys = [spec["key"] for spec in node.fields]
    metadata = {
        "title": f"BIP – {node.name}",
        "publisher": office.name if (office := Office.objects.first()) else "",
        "description": f"Informacje publiczne z kategorii „{node.name}” Biuletynu Informacji Publicznej.",
        "source": request.build_absolute_uri(reverse("bip_public:category", args=[node.slug])),
        "generated_at": timezone.now().isoformat(),
        "records": len(rows),
        "columns": EXPORT_COLUMNS + [f"data.{key}" for key in field_keys],
        "license": "Informacja publiczna, ponowne wykorzystywanie bez warunków (ustawa o otwartych danych)",
    }
    response: HttpResponse
    if fmt == "json":
        body = {"metadata": metadata, "items": rows}
        response = HttpResponse(
            json.dumps(body, default=str, ensure_ascii=False), content_type="application/json"
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS + [f"data.{key}" for key in field_keys])
        for row in rows:
            writer.writerow([row[c] for c in EXPORT_COLUMNS] + [row["data"].get(k, "") for k in field_keys])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Link"] = f'<{request.build_absolute_uri().replace(".csv", ".json")}>; rel="describedby"'
    response["Content-Disposition"] = f'attachment; filename="bip-{node.slug}.{fmt}"'
    if not_modified := _conditional(
        request, response, stamp=_bulletin_stamp(queryset), key=f"export|{node.slug}|{fmt}"
    ):
        return not_modified
    return response
