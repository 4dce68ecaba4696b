import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the Django test database is used from
# the same thread while pages load, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: scripts/setup with SETUP_SYSTEM=1 installs it")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _OneRequestAtATime(WSGIServer):
    """The live server without request threads: it closes each connection after its response."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def _serial_live_server_on_sqlite(django_db_setup):
    """On the in-memory SQLite test database, the live server shares the tests' one connection with
    its request threads. Two requests at once (an htmx search still answering while a link is
    followed) would use that connection from two threads, and SQLite fails the second with "bad
    parameter or other API misuse". One request at a time, as Django's own live-server tests do."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="session")
def live_server(_serial_live_server_on_sqlite, live_server):
    return live_server


@pytest.fixture
def page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    context = browser.new_context(base_url=live_server.url, locale="en-US")  # Polish all the same
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


_axe = Axe()


def assert_accessible(page):
    """axe-core scan of the current page: no serious or critical violation."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )
    assert not bad, f"{page.url}\n{details}"


def sign_in(page, username):
    page.goto("/login/")
    assert_accessible(page)
    page.get_by_label(re.compile("Nazwa użytkownika|Username")).fill(username)
    page.get_by_label(re.compile("Hasło|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Zaloguj|Sign in")).click()


def sign_in_as(page, live_server, user):
    """A fresh session for `user` (whoever was signed in before is forgotten), reading English."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, user.username)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def bip_page_types(item_url: str, petition_number: str) -> list[str]:
    """One address of every public BIP page type, for the scans that must visit them all."""
    return [
        "/bip/",
        "/bip/kategoria/uchwaly/",
        item_url,
        f"{item_url}historia/",
        f"{item_url}wersja/2/",
        f"{item_url}?druk=1",
        "/bip/szukaj/?q=uchwały",
        "/bip/jednostki/",
        "/bip/jednostki/SA/",
        "/bip/rejestr-zmian/",
        "/bip/instrukcja/",
        "/bip/informacje-nieudostepnione/",
        "/bip/deklaracja-dostepnosci/",
        "/bip/rejestr-petycji/",
        f"/bip/rejestr-petycji/{petition_number}/",
        "/informacja-publiczna/",
    ]
