"""The public sitemaps the site root names (/sitemap.xml, /robots.txt): each app with public pages
registers its sitemap's URL name from its `AppConfig.ready()` (the BIP's, the news of `comms`)."""

_sitemaps: list[str] = []


def register_sitemap(url_name: str) -> None:
    if url_name not in _sitemaps:
        _sitemaps.append(url_name)


def registered_sitemaps() -> list[str]:
    return list(_sitemaps)
