"""The public sources of the BIP.

Other apps publish on the bulletin without the bulletin knowing them: an app registers a *source*
from its `AppConfig.ready()` (registers does so for the petitions register, art. 8 ustawy o
petycjach) with

- `urls`: its public pages, mounted under /bip/ in the `bip_public` namespace (the URLconf is
  loaded after every app is ready, so the registry is complete when it is read);
- `links`: entries of the bulletin's menu, as (text, URL name);
- `pages(pk)`: the public addresses to write to the static mirror after object `pk` changed, or
  every page of the source for `pk=None` (the full export).

Any service that changes what the public sees calls `bip.changes.public_content_changed(...)`
inside its transaction.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """A public address to mirror. A listing gives its number of rows and is mirrored page by page;
    an unchanging file (a published attachment) is written once."""

    path: str
    rows: int | None = None
    unchanging: bool = False


@dataclass(frozen=True)
class PublicSource:
    name: str
    pages: Callable[[int | None], Iterable[Page]] | None = None
    urls: tuple = ()
    links: tuple[tuple[str, str], ...] = ()


_sources: dict[str, PublicSource] = {}


def register_source(
    name: str,
    *,
    pages: Callable[[int | None], Iterable[Page]] | None = None,
    urls: Sequence = (),
    links: Sequence[tuple[str, str]] = (),
) -> None:
    """Add a public source (from the app's `AppConfig.ready()`). Registering a name again replaces
    it (the test runner may call `ready()` more than once)."""
    _sources[name] = PublicSource(name, pages, tuple(urls), tuple(links))


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[PublicSource]:
    return list(_sources.values())


def source_pages(name: str, pk: int | None = None) -> list[Page]:
    """The pages of source `name` to mirror after object `pk` changed (every page for None)."""
    source = _sources.get(name)
    if source is None or source.pages is None:
        return []
    return list(source.pages(pk))


def public_url_patterns() -> list:
    """The sources' public pages, mounted by `bip.urls` under /bip/."""
    if not apps.ready:
        raise ImproperlyConfigured("The BIP's URLconf was loaded before every app registered its sources.")
    return [pattern for source in _sources.values() for pattern in source.urls]


def public_links() -> list[tuple[str, str]]:
    """The menu entries the sources add: (text, address); a name that does not resolve is left out."""
    links = []
    for source in _sources.values():
        for text, url_name in source.links:
            try:
                links.append((text, reverse(url_name)))
            except NoReverseMatch:
                logger.warning("BIP menu link %r of source %r does not resolve", url_name, source.name)
    return links
