"""The one entry point for "what the public sees changed".

Any service that changes public content (an item published or removed, a petition answered, the
bulletin's settings) calls `public_content_changed(...)` inside its transaction: cached pages end
when it commits, and the static mirror (if kept) rewrites the source's pages for the object
(`bip.sources`), and the bulletin's shared pages, in the background.
"""

import logging

from django.conf import settings
from django.db import transaction

from magistrat.bip import pagecache
from magistrat.bip.mirror import mirror_source

logger = logging.getLogger(__name__)


def public_content_changed(*, reason: str, source: str | None = None, pk: int | None = None) -> None:
    """What the public sees changed (`reason`, e.g. "bip.item.published", for the log): every cached
    page ends when the transaction commits, and the static mirror (if kept) rewrites the pages of
    `source` for object `pk` and the bulletin's shared pages. Without a source (settings, the
    office's details) only the cache ends: a full `bip export-static` renews the mirror."""
    pagecache.invalidate()
    logger.debug(
        "Public BIP content changed: %s (%s %s)", reason, source or "-", pk if pk is not None else ""
    )
    if source is not None and settings.MAGISTRAT_BIP_STATIC_MIRROR:
        transaction.on_commit(lambda: mirror_source.enqueue(source, pk))
