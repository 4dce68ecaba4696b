"""Reads of the BIP: the editors' items scoped by permission, and what the public sees.

Staff reads go through `item_list` and `item_get` (fetch-and-check: an item outside the user's units
is not found). Public reads go through the `public_*` and `listed_*` selectors below and nowhere
else: the public site, the API, the feeds, the sitemap, search and the static mirror show the same
items, from their published versions (`ItemQuerySet` defines public and listed once).
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from magistrat.bip.models import Attachment, Category, Item, ItemReturn, ItemVersion
from magistrat.core.permissions import require_may, unit_scope
from magistrat.org.models import Unit

# --- The editors' pages ---------------------------------------------------------------------------


def _visible(user) -> QuerySet[Item]:
    """Items in the units the user may see (an office-wide grant sees all) or approve (approving is
    office-wide, so an approver sees every unit's items), with the approvers' returns the editors
    have not answered yet."""
    seen, approved = unit_scope(user, "bip.view_items"), unit_scope(user, "bip.approve_items")
    items = Item.objects.select_related("category", "unit").prefetch_related(
        Prefetch("returns", queryset=ItemReturn.objects.filter(resolved_at__isnull=True))
    )
    if seen is None or approved is None:
        return items
    return items.filter(unit_id__in=seen | approved)


def item_list(*, user, filters: dict | None = None) -> QuerySet[Item]:
    """The items the user may see, most recently changed first; `filters`: "q" (title or address
    contains) and "state" (one of `Item.State`)."""
    filters = filters or {}
    items = _visible(user)
    if query := filters.get("q"):
        items = items.filter(Q(title__icontains=query) | Q(slug__icontains=query))
    if (state := filters.get("state")) in Item.State.values:
        items = items.filter(state=state)
    return items.order_by("-updated_at", "-pk")


def item_get(*, user, pk: int, perm: str = "bip.view_items") -> Item:
    """The item if the user may see it (404 otherwise, so its existence does not leak), and 403
    unless they may also `perm` it (edit, approve, …; see `bip.permissions`)."""
    item = _visible(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    if perm != "bip.view_items":
        require_may(user, perm, item)
    return item


def attachment_get(*, user, pk: int, perm: str = "bip.edit_items") -> Attachment:
    """An attachment of an item the user may see (404 otherwise), 403 unless they may `perm` it."""
    attachment = Attachment.objects.select_related("item").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    attachment.item = item_get(user=user, pk=attachment.item_id)
    require_may(user, perm, attachment)
    return attachment


def editable_units(*, user) -> QuerySet[Unit]:
    """The units whose items the user may enter (the choice of unit on the item form)."""
    scope = unit_scope(user, "bip.edit_items")
    return Unit.objects.active() if scope is None else Unit.objects.filter(pk__in=scope)


def approval_queue(*, limit: int = 30) -> QuerySet[Item]:
    """Submitted items waiting for an approver (approval is office-wide), oldest first."""
    return Item.objects.filter(state=Item.State.SUBMITTED).order_by("updated_at")[:limit]


def drafts_of(*, user, limit: int = 20) -> QuerySet[Item]:
    """Drafts the user entered or submitted, in the units they may edit, with open returns."""
    scope = unit_scope(user, "bip.edit_items")
    drafts = Item.objects.filter(Q(entered_by=user) | Q(submitted_by=user), state=Item.State.DRAFT)
    if scope is not None:
        drafts = drafts.filter(unit_id__in=scope)
    return drafts.prefetch_related(
        Prefetch("returns", queryset=ItemReturn.objects.filter(resolved_at__isnull=True))
    ).order_by("updated_at")[:limit]


# --- What the public sees -------------------------------------------------------------------------


def public_items() -> QuerySet[Item]:
    """Every item with a public record (page, history, versions), removed ones included, with what
    the public reads of it (`public_title`, … from its latest version)."""
    return Item.objects.public().select_related("category", "unit").with_public_version()


def listed_items(
    *, category: Category | None = None, unit: Unit | None = None, archive: bool | None = None
) -> QuerySet[Item]:
    """The bulletin's items, newest first: public and not removed. `category` includes its
    subcategories; `archive` True lists the archive only, False the current items only, None both."""
    items = Item.objects.listed().select_related("category", "unit").with_public_version()
    if category is not None:
        items = items.filter(category__in=[category, *category.children.all()])
    if unit is not None:
        items = items.filter(unit=unit)
    if archive is True:
        items = items.filter(state=Item.State.ARCHIVED)
    elif archive is False:
        items = items.exclude(state=Item.State.ARCHIVED)
    return items.order_by("-first_published_at", "-pk")


def public_item_get(*, category_slug: str, slug: str) -> tuple[Item, list[ItemVersion]]:
    """A public item and its versions, newest first (404 for an item never published)."""
    item = public_items().filter(category__slug=category_slug, slug=slug).first()
    if item is None:
        raise Http404
    return item, list(item.versions.order_by("-number"))


def public_versions(items) -> dict[int, ItemVersion]:
    """The current (latest) version of each of the items, by item id: what the public reads."""
    ids = [item.public_version_id for item in items if getattr(item, "public_version_id", None)]
    return {version.item_id: version for version in ItemVersion.objects.filter(pk__in=ids)}


def public_changes(*, category: Category | None = None) -> QuerySet[ItemVersion]:
    """The change register: every publication, change and removal, newest first (the site's
    register, the RSS and Atom feeds and the API's change feed)."""
    versions = ItemVersion.objects.select_related("item__category").order_by("-published_at", "-pk")
    if category is not None:
        versions = versions.filter(item__category__in=[category, *category.children.all()])
    return versions


def public_attachment(*, pk: int, filename: str) -> Attachment:
    """A file of a published version (files only ever attached to a working copy are not served)."""
    attachment = Attachment.objects.select_related("item").filter(pk=pk, filename=filename).first()
    if attachment is None or not any(
        entry["id"] == attachment.pk
        for version in attachment.item.versions.all()
        for entry in version.attachments
    ):
        raise Http404
    return attachment


def published_attachment_ids(item: Item) -> set[int]:
    """The attachments listed by any version of the item (the files the public may download)."""
    return {entry["id"] for version in item.versions.all() for entry in version.attachments}
