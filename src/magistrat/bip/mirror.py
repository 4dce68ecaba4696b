"""A static mirror of the public BIP: files any web server can serve when the application is down.

`magistrat bip export-static DIR` writes every public page as DIR/bip/<path>/index.html (feeds
and the sitemap as .xml), the attachments of published versions and the stylesheet and logo
under DIR/static/, so DIR can be the root of a plain web server. Listing pages 2, 3, … become
page-2.html, … and their links are rewritten. Search needs the application and is not mirrored.

With BIP_STATIC_MIRROR set to a directory, every publication, change, removal or archiving
updates the mirror's affected pages in the background (`mirror_update`).
"""

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.tasks import task
from django.test import Client
from django.urls import reverse

from magistrat.bip.models import Attachment, Category, Item, ItemVersion
from magistrat.org.models import Unit

PAGE_SIZE = 30
STATIC_FILES = ["magistrat/app.css", "magistrat/bip-logo.svg"]
XML_PATHS = {"rss/", "atom/", "sitemap.xml"}


def _client() -> Client:
    host = (
        settings.ALLOWED_HOSTS[0]
        if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*"
        else "localhost"
    )
    return Client(HTTP_HOST=host.lstrip("."))


def _file_for(root: Path, path: str, page: int = 1) -> Path:
    relative = path.lstrip("/")
    if relative.endswith(".xml"):
        return root / relative
    if relative.endswith(("rss/", "atom/")):
        return root / relative / "index.xml"
    name = "index.html" if page == 1 else f"page-{page}.html"
    return root / relative / name


def _write(root: Path, client: Client, path: str, page: int = 1) -> bool:
    response = client.get(path, {"page": page} if page > 1 else {})
    if response.status_code != 200:
        return False
    content = response.content
    if b"?page=" in content:
        # Pagination links point at the mirrored files: ?page=2 → page-2.html, ?page=1 → index.html.
        content = re.sub(
            rb'href="\?page=(\d+)"', lambda m: b'href="' + _page_name(int(m.group(1))) + b'"', content
        )
    target = _file_for(root, path, page)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(target)  # readers never see a half-written page
    return True


def _page_name(page: int) -> bytes:
    return b"index.html" if page == 1 else f"page-{page}.html".encode()


def _listing(root: Path, client: Client, path: str, count: int) -> int:
    pages = max(1, (count + PAGE_SIZE - 1) // PAGE_SIZE)
    for page in range(1, pages + 1):
        _write(root, client, path, page)
    return pages


def item_paths(item: Item) -> list[str]:
    base = reverse("bip_public:item", args=[item.category.slug, item.slug])
    paths = [base, reverse("bip_public:history", args=[item.category.slug, item.slug])]
    paths += [
        reverse("bip_public:version", args=[item.category.slug, item.slug, number])
        for number in item.versions.values_list("number", flat=True)
    ]
    return paths + [reverse("bip_public:verify", args=[item.category.slug, item.slug])]


def _common(root: Path, client: Client) -> None:
    for name in ("home", "units", "instruction", "not_published", "accessibility", "rss", "atom", "sitemap"):
        _write(root, client, reverse(f"bip_public:{name}"))
    _listing(root, client, reverse("bip_public:changes"), ItemVersion.objects.count())
    static = root / "static"
    for name in STATIC_FILES:
        found = finders.find(name)
        if found:
            (static / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, static / name)


def _attachments(root: Path, item: Item) -> None:
    ids = {entry["id"] for version in item.versions.all() for entry in version.attachments}
    for attachment in Attachment.objects.filter(pk__in=ids):
        target = root / "bip" / "zalaczniki" / str(attachment.pk) / attachment.filename
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with attachment.file.open("rb") as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)


def _category(root: Path, client: Client, category: Category) -> None:
    nodes = [category, *category.children.all()]
    public = Item.objects.public().exclude(state=Item.State.REMOVED).filter(category__in=nodes)
    path = reverse("bip_public:category", args=[category.slug])
    _listing(root, client, path, public.exclude(state=Item.State.ARCHIVED).count())
    _write(root, client, reverse("bip_public:category_rss", args=[category.slug]))


def _petitions(root: Path, client: Client, petition=None) -> None:
    from magistrat.registers.models import Petition

    _listing(root, client, reverse("bip_public:petitions"), Petition.objects.count())
    for item in [petition] if petition is not None else Petition.objects.all():
        _write(root, client, reverse("bip_public:petition", args=[item.number]))


def export_all(target: str | Path) -> dict:
    """Write the whole public BIP under `target`."""
    root = Path(target)
    client = _client()
    _common(root, client)
    counts = {"items": 0, "categories": 0, "units": 0}
    for category in Category.objects.filter(active=True):
        _category(root, client, category)
        counts["categories"] += 1
    _petitions(root, client)
    for unit in Unit.objects.active():
        count = Item.objects.public().filter(unit=unit).exclude(state=Item.State.REMOVED).count()
        _listing(root, client, reverse("bip_public:unit", args=[unit.code]), count)
        counts["units"] += 1
    for item in (
        Item.objects.public().select_related("category").prefetch_related("versions").iterator(chunk_size=500)
    ):
        for path in item_paths(item):
            _write(root, client, path)
        _attachments(root, item)
        counts["items"] += 1
    return counts


@task()
def mirror_update(item_id: int) -> bool:
    """After a publication: the item's pages, its category and unit listings, the shared pages."""
    target = getattr(settings, "MAGISTRAT_BIP_STATIC_MIRROR", "")
    item = Item.objects.select_related("category", "category__parent", "unit").filter(pk=item_id).first()
    if not target or item is None:
        return False
    root = Path(target)
    client = _client()
    for path in item_paths(item):
        _write(root, client, path)
    _attachments(root, item)
    for category in filter(None, [item.category, item.category.parent]):
        _category(root, client, category)
    count = Item.objects.public().filter(unit=item.unit).exclude(state=Item.State.REMOVED).count()
    _listing(root, client, reverse("bip_public:unit", args=[item.unit.code]), count)
    _common(root, client)
    return True


@task()
def mirror_petition(petition_id: int) -> bool:
    """After a petition is registered or its case moves on: the register and the petition's page."""
    from magistrat.registers.models import Petition

    target = getattr(settings, "MAGISTRAT_BIP_STATIC_MIRROR", "")
    petition = Petition.objects.filter(pk=petition_id).first()
    if not target or petition is None:
        return False
    _petitions(Path(target), _client(), petition)
    return True
