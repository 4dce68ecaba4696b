import pytest

from magistrat.comms.connectors.null import NullConnector
from magistrat.comms.models import Category, District, NewsItem
from magistrat.comms.services import news as services
from tests.factories import StaffFactory, grant

from .standins import BlueskyStandIn, FacebookStandIn, MastodonStandIn


@pytest.fixture
def editor(units):
    return grant(StaffFactory(unit=units["SA"]).user, "communications_editor", units["SA"])


@pytest.fixture
def other_editor(units):
    return grant(StaffFactory(unit=units["FN"]).user, "communications_editor", units["FN"])


@pytest.fixture
def approver(units):
    return grant(StaffFactory(unit=units["SA"]).user, "communications_approver")


@pytest.fixture
def second_approver(units):
    return grant(StaffFactory(unit=units["FN"]).user, "communications_approver")


@pytest.fixture
def duty_officer(units):
    return grant(StaffFactory(unit=units["SA"]).user, "duty_officer")


@pytest.fixture
def no_channels(settings):
    settings.COMMS_CHANNELS = {}
    return settings


@pytest.fixture
def null_channels(settings):
    """Two channels that send nowhere (and remember what they sent)."""
    connectors = {"mastodon": NullConnector("mastodon"), "bluesky": NullConnector("bluesky", limit=300)}
    settings.COMMS_CHANNELS = {kind: {"connector": connector} for kind, connector in connectors.items()}
    return connectors


@pytest.fixture
def category(db):
    return Category.objects.create(name="Komunikaty", slug="komunikaty")


@pytest.fixture
def district(db):
    return District.objects.create(name="Stare Miasto", slug="stare-miasto")


@pytest.fixture
def draft(editor, units, category, district):
    def make(**fields):
        values = {
            "title": "Remont ulicy Długiej",
            "lead": "Od poniedziałku ulica Długa będzie zamknięta dla ruchu.",
            "body": "<p>Objazd ulicą Krótką.</p>",
            "unit": units["SA"],
        } | fields
        return services.news_save(
            news=NewsItem(**values), by=editor, categories=[category], districts=[district]
        )

    return make


@pytest.fixture
def published(draft, editor, approver):
    def make(**fields):
        news = draft(**fields)
        services.news_submit(news=news, by=editor)
        services.news_approve(news=news, approver=approver)
        news.refresh_from_db()
        return news

    return make


@pytest.fixture
def mastodon():
    server = MastodonStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def bluesky():
    server = BlueskyStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def facebook():
    server = FacebookStandIn().start()
    yield server
    server.stop()


def png(size: int = 200) -> bytes:
    head = b"\x89PNG\r\n\x1a\n"
    return head + b"\x00" * (size - len(head))


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read English text (tests/conftest.py `english`)."""
