"""A static mirror of the public BIP: files any web server can serve when the application is down.

`magistrat bip export-static DIR` writes every public page as DIR/bip/<path>/index.html (feeds
as index.xml, files such as the sitemap, the verification JSON and attachments under their own
names) and the stylesheet and logo under DIR/static/, so DIR can be the root of a plain web server.
Listing pages 2, 3, … become page-2.html, … and their links are rewritten. Search needs the
application and is not mirrored.

What is written comes from the public sources (`bip.sources`): the bulletin's own items
(`item_pages`, registered by `BipConfig.ready()`) and whatever other apps register (the petitions
register). With BIP_STATIC_MIRROR set to a directory, every change of public content updates the
mirror's affected pages in the background (`mirror_source`, enqueued by `public_content_changed`).
"""

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.staticfiles import finders
from django.tasks import task
from django.urls import reverse

from magistrat.bip import selectors
from magistrat.bip.models import Category, Item, ItemVersion
from magistrat.bip.sources import Page, source_pages, sources
from magistrat.org.models import Unit

if TYPE_CHECKING:
    from django.test import Client

PAGE_SIZE = 30
STATIC_FILES = ["magistrat/app.css", "magistrat/bip-logo.svg"]
SHARED_PAGES = ("home", "units", "instruction", "not_published", "accessibility", "rss", "atom", "sitemap")


def _client() -> "Client":
    from django.test import Client  # renders the pages as a visitor would (imported only to mirror)

    host = (
        settings.ALLOWED_HOSTS[0]
        if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*"
        else "localhost"
    )
    return Client(HTTP_HOST=host.lstrip("."))


def _file_for(root: Path, path: str, page: int = 1) -> Path:
    relative = path.lstrip("/")
    if relative.endswith(("rss/", "atom/")):
        return root / relative / "index.xml"
    if not relative.endswith("/"):  # a file: the sitemap, the verification JSON, an attachment
        return root / relative
    name = "index.html" if page == 1 else f"page-{page}.html"
    return root / relative / name


def _write(root: Path, client: "Client", path: str, page: int = 1) -> bool:
    response = client.get(path, {"page": page} if page > 1 else {})
    if response.status_code != 200:
        return False
    # A file answer (an attachment) is streamed; the client closes it once it is read to the end.
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
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


def _mirror(root: Path, client: "Client", page: Page) -> None:
    if page.unchanging and _file_for(root, page.path).exists():
        return
    if page.rows is None:
        _write(root, client, page.path)
        return
    for number in range(1, max(1, (page.rows + PAGE_SIZE - 1) // PAGE_SIZE) + 1):
        _write(root, client, page.path, number)


def shared_pages() -> list[Page]:
    """The bulletin's pages that any change may touch: home, feeds, sitemap, the change register."""
    pages = [Page(reverse(f"bip_public:{name}")) for name in SHARED_PAGES]
    return pages + [Page(reverse("bip_public:changes"), rows=selectors.public_changes().count())]


def _category_pages(category: Category) -> list[Page]:
    path = reverse("bip_public:category", args=[category.slug])
    return [
        Page(path, rows=selectors.listed_items(category=category, archive=False).count()),
        Page(reverse("bip_public:category_rss", args=[category.slug])),
    ]


def _unit_pages(unit: Unit) -> list[Page]:
    path = reverse("bip_public:unit", args=[unit.code])
    return [Page(path, rows=selectors.listed_items(unit=unit).count())]


def _pages_of(item: Item) -> list[Page]:
    """An item's page, history, every version, the verification and the files of its versions."""
    args = [item.category.slug, item.slug]
    paths = [reverse("bip_public:item", args=args), reverse("bip_public:history", args=args)]
    paths += [
        reverse("bip_public:version", args=[*args, number])
        for number in item.versions.values_list("number", flat=True)
    ]
    paths.append(reverse("bip_public:verify", args=args))
    files = {(entry["id"], entry["file"]) for version in item.versions.all() for entry in version.attachments}
    pages = [Page(path) for path in paths]
    # A published file never changes (versions list its SHA-256): written once.
    return pages + [
        Page(reverse("bip_public:attachment", args=[pk, name]), unchanging=True) for pk, name in sorted(files)
    ]


def item_pages(pk: int | None = None) -> list[Page]:
    """The bulletin's items as a public source: after item `pk` changed, its pages, its category's
    (and parent's) listing and its unit's listing; for None, every item, category and unit."""
    if pk is None:
        pages = []
        for category in Category.objects.filter(active=True):
            pages += _category_pages(category)
        for unit in Unit.objects.active():
            pages += _unit_pages(unit)
        for listed in selectors.public_items().prefetch_related("versions").iterator(chunk_size=500):
            pages += _pages_of(listed)
        return pages
    item = selectors.public_items().select_related("category__parent").filter(pk=pk).first()
    if item is None:
        return []
    pages = _pages_of(item)
    for category in filter(None, [item.category, item.category.parent]):
        pages += _category_pages(category)
    return pages + _unit_pages(item.unit)


def _static(root: Path) -> None:
    static = root / "static"
    for name in STATIC_FILES:
        found = finders.find(name)
        if found:
            (static / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, static / name)


def export_all(target: str | Path) -> dict:
    """Write the whole public BIP under `target`: the shared pages and every page of every source."""
    root = Path(target)
    client = _client()
    for page in shared_pages():
        _mirror(root, client, page)
    _static(root)
    for source in sources():
        for page in source_pages(source.name):
            _mirror(root, client, page)
    return {
        "items": selectors.public_items().count(),
        "categories": Category.objects.filter(active=True).count(),
        "units": Unit.objects.active().count(),
        "versions": ItemVersion.objects.count(),
    }


@task()
def mirror_source(source: str, pk: int | None = None) -> bool:
    """After a change of public content: the source's pages for the object, then the shared pages."""
    target = getattr(settings, "MAGISTRAT_BIP_STATIC_MIRROR", "")
    if not target:
        return False
    root = Path(target)
    client = _client()
    for page in [*source_pages(source, pk), *shared_pages()]:
        _mirror(root, client, page)
    _static(root)
    return True
