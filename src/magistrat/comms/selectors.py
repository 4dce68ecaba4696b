"""Reads of the newsroom, narrowed by the user's units (`core.permissions.unit_scope`); what the
public sees is defined once (`NewsItem.objects.public()`)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from magistrat.comms.models import Category, CrisisTemplate, Delivery, District, NewsItem
from magistrat.core.permissions import unit_scope
from magistrat.org.models import Unit

VIEW, EDIT = "comms.view_news", "comms.edit_news"


@dataclass(frozen=True)
class NewsFilters:
    state: str = ""
    unit: str = ""
    query: str = ""


def news_list(*, user, filters: NewsFilters | None = None) -> QuerySet[NewsItem]:
    filters = filters or NewsFilters()
    items = NewsItem.objects.select_related("unit", "author")
    scope = unit_scope(user, VIEW)
    if scope is not None:
        items = items.filter(unit__in=scope)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.unit:
        items = items.filter(unit__code=filters.unit)
    if filters.query:
        items = items.filter(Q(title__icontains=filters.query) | Q(lead__icontains=filters.query))
    return items.order_by("-updated_at", "-pk")


def approval_queue() -> QuerySet[NewsItem]:
    return (
        NewsItem.objects.filter(state=NewsItem.State.SUBMITTED)
        .select_related("unit", "author")
        .order_by("updated_at")
    )


def crisis_unconfirmed() -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(is_crisis=True, crisis_confirmed_by__isnull=True).order_by("published_at")


def templates_to_approve() -> QuerySet[CrisisTemplate]:
    return CrisisTemplate.objects.filter(approved_by__isnull=True).order_by("title")


def failed_deliveries() -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        state=Delivery.State.GAVE_UP, news__state=NewsItem.State.PUBLISHED
    ).select_related("news")


def editable_units(*, user) -> QuerySet[Unit]:
    scope = unit_scope(user, EDIT)
    units = Unit.objects.active()
    return (units if scope is None else units.filter(pk__in=scope)).order_by("code")


def public_news(
    *, category: Category | None = None, district: District | None = None, ids: list[int] | None = None
):
    items = NewsItem.objects.public().prefetch_related("categories", "districts", "images")
    if category is not None:
        items = items.filter(categories=category)
    if district is not None:
        items = items.filter(districts=district)
    if ids is not None:
        items = items.filter(pk__in=ids)
    return items.order_by("-published_at", "-pk")
