"""Rendered public BIP pages, served without running Django at all.

The first request for a public page renders it as usual; `PageCacheMiddleware` (the outermost
Django middleware) keeps the finished response — body and headers, after every other middleware
has added its headers — in the "bip" cache under the bulletin's current *generation*. Every later
request for that page is answered by `serve_cached` in the WSGI entry point (magistrat/wsgi.py)
from two cache reads, before Django's request handling starts.

Any publication, change, removal or archiving (and any change to the settings or petitions shown
on the BIP) bumps the generation when its transaction commits, so the very next request renders
afresh: a new version is never served stale. Pages that depend on a query string other than the
page number are not cached, nor are responses that set cookies or are not 200.

The cache is the "bip" alias: files under DATA_DIR/bip-cache shared by the workers of one server,
or Redis (REDIS_URL) shared by several servers.
"""

import hashlib
import time
from http import HTTPStatus

from django.core.cache import caches
from django.db import transaction

from magistrat.core.ratelimit import allow

GENERATION_KEY = "generation"
VARIANT_COOKIES = ("bip_contrast", "bip_large")
TTL = 7 * 24 * 3600
ALLOWED_QUERY = {"", "druk=1", "archiwum=1"}


def _too_many_requests() -> bytes:
    """The API's 429 answer (api.schemas.STATUS_MESSAGES) in the office's language: no request
    has chosen a language this early."""
    import json

    from django.conf import settings
    from django.utils import translation

    from magistrat.api.schemas import STATUS_MESSAGES

    with translation.override(settings.LANGUAGE_CODE):
        return json.dumps({"detail": str(STATUS_MESSAGES[429]), "field": None}, ensure_ascii=False).encode()


def _cache():
    return caches["bip"]


def generation() -> int:
    cache = _cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        # A fresh cache: start from a value no earlier process could have used.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return int(current)


def invalidate() -> None:
    """Every cached BIP page is out of date once the current transaction commits."""

    def bump():
        cache = _cache()
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)

    transaction.on_commit(bump)


def _variant(cookies: dict[str, str]) -> str:
    return "".join("1" if cookies.get(name) == "1" else "0" for name in VARIANT_COOKIES)


def _key(host: str, path: str, query: str, variant: str, gen: int) -> str:
    digest = hashlib.sha256(f"{host}|{path}|{query}|{variant}".encode()).hexdigest()
    return f"page:{gen}:{digest}"


API_PREFIX = "/api/v1/bip/"


def cacheable_query(query: str, path: str = "") -> bool:
    if query in ALLOWED_QUERY:
        return True
    if path.startswith(API_PREFIX):
        return len(query) <= 200  # the API answers depend on their parameters only
    name, _sep, value = query.partition("=")
    return name == "page" and value.isdigit() and len(value) < 6


def store(request, response) -> None:
    if (
        request.method != "GET"
        or response.status_code != HTTPStatus.OK
        or response.cookies
        or response.streaming
        or not cacheable_query(request.META.get("QUERY_STRING", ""), request.path)
    ):
        return
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in ("set-cookie", "vary")
    ]
    # CORS headers appear only when the request names an origin: such answers are kept apart.
    variant = _variant(request.COOKIES) + ("o" if "HTTP_ORIGIN" in request.META else "")
    key = _key(request.get_host(), request.path, request.META.get("QUERY_STRING", ""), variant, generation())
    _cache().set(key, (response.status_code, headers, response.content), timeout=TTL)


def lookup(host: str, path: str, query: str, cookies: dict[str, str], *, origin: bool = False):
    if not cacheable_query(query, path):
        return None
    variant = _variant(cookies) + ("o" if origin else "")
    return _cache().get(_key(host, path, query, variant, generation()))


class PageCacheMiddleware:
    """Stores finished public BIP pages marked cacheable by their view (`cached_page`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "bip_cacheable", False):
            store(request, response)
        return response


def cached_page(view):
    """Mark a public BIP view's pages as cacheable (they show nothing that depends on the user)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.bip_cacheable = True
        return view(request, *args, **kwargs)

    return wrapped


def _cookies(header: str) -> dict[str, str]:
    cookies = {}
    for part in header.split(";"):
        name, _sep, value = part.strip().partition("=")
        if name in VARIANT_COOKIES:
            cookies[name] = value
    return cookies


def _per_minute(rate: str) -> int:
    number, _sep, unit = rate.partition("/")
    return max(1, int(int(number) * {"s": 60, "m": 1, "h": 1 / 60}.get(unit[:1], 1)))


def serve_cached(app):
    """WSGI wrapper: answer GET/HEAD of cached public BIP pages and API answers from the cache,
    pass everything else on to Django."""
    from django.conf import settings

    # Cached API answers skip django-ninja's throttle: the same per-client limit is applied here.
    limit = _per_minute(settings.MAGISTRAT_PUBLIC_API_RATE)

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        is_api = path.startswith(API_PREFIX)
        if method in ("GET", "HEAD") and (path.startswith("/bip/") or is_api):
            host = (
                environ.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
            ) or environ.get("HTTP_HOST", "")
            hit = lookup(
                host,
                path,
                environ.get("QUERY_STRING", ""),
                _cookies(environ.get("HTTP_COOKIE", "")),
                origin="HTTP_ORIGIN" in environ,
            )
            if hit is not None:
                if is_api and not allow(
                    f"bip-api:{environ.get('REMOTE_ADDR', '')}", limit=limit, window_seconds=60
                ):
                    start_response(
                        "429 Too Many Requests", [("Content-Type", "application/json"), ("Retry-After", "60")]
                    )
                    return [_too_many_requests()]
                status, headers, body = hit
                etag = next((value for name, value in headers if name.lower() == "etag"), None)
                if etag and environ.get("HTTP_IF_NONE_MATCH") == etag:
                    start_response("304 Not Modified", [("ETag", etag), ("X-Bip-Cache", "hit")])
                    return [b""]
                start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, ("X-Bip-Cache", "hit")])
                return [b""] if method == "HEAD" else [body]
        return app(environ, start_response)

    return application
