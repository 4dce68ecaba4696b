"""Channel configuration from the environment, counting as the channels count, the backoff policy
and each connector's adaptation of a message (the preview)."""

from datetime import timedelta

import pytest

from magistrat.comms import policy
from magistrat.comms.channels import connector_for, enabled_channels
from magistrat.comms.connectors.base import ChannelError, Image, Message
from magistrat.comms.connectors.bluesky import BlueskyConnector
from magistrat.comms.connectors.facebook import FacebookConnector
from magistrat.comms.connectors.mastodon import MastodonConnector
from magistrat.comms.graphemes import grapheme_count

from .standins import MastodonStandIn

MESSAGE = Message(
    key=1, title="Remont mostu", lead="Most zamknięty.", url="https://miasto.example/aktualnosci/1/", text=""
)


def test_graphemes_count_as_people_see_them():
    assert grapheme_count("zażółć") == 6
    assert grapheme_count("e\u0301") == 1  # e + combining acute
    assert grapheme_count("🇵🇱🇺🇦") == 2  # two flags
    assert grapheme_count("👩‍👩‍👧") == 1  # a family joined by ZWJ
    assert grapheme_count("👍🏽") == 1  # with a skin tone
    assert grapheme_count("a\r\nb") == 3


def test_backoff_doubles_up_to_its_ceiling():
    base = policy.value("backoff_base_seconds")
    assert policy.backoff(1) == timedelta(seconds=base)
    assert policy.backoff(2) == timedelta(seconds=base * 2)
    assert policy.backoff(50) == timedelta(seconds=policy.value("backoff_max_seconds"))


def test_channels_come_from_the_environment(monkeypatch):
    for name in (
        "COMMS_MASTODON_URL",
        "COMMS_BLUESKY_HANDLE",
        "COMMS_FACEBOOK_PAGE_ID",
        "COMMS_CHANNELS_OFF",
    ):
        monkeypatch.delenv(name, raising=False)
    assert enabled_channels() == {}
    monkeypatch.setenv("COMMS_MASTODON_URL", "https://mastodon.example")
    monkeypatch.setenv("COMMS_MASTODON_TOKEN", "t")
    monkeypatch.setenv("COMMS_FACEBOOK_PAGE_ID", "1")
    monkeypatch.setenv("COMMS_FACEBOOK_PAGE_TOKEN", "p")
    assert list(enabled_channels()) == ["facebook", "mastodon"]
    monkeypatch.setenv("COMMS_CHANNELS_OFF", "facebook")
    assert list(enabled_channels()) == ["mastodon"]
    with pytest.raises(ChannelError, match="not configured"):
        connector_for("bluesky")


@pytest.mark.django_db
def test_mastodon_reads_the_instances_limit_and_counts_a_link_as_23():
    server = MastodonStandIn(limit=1000).start()
    try:
        post = MastodonConnector(url=server.url, token="good-token", timeout=2).compose(MESSAGE)
    finally:
        server.stop()
    assert post.limit == 1000
    assert post.length == grapheme_count("Remont mostu\n\nMost zamknięty.\n\n") + 23
    assert post.text.endswith(MESSAGE.url)


def test_bluesky_sends_a_link_card_or_pictures_with_the_link_in_the_text():
    connector = BlueskyConnector(handle="miasto.test", password="x", pds_url="http://127.0.0.1:9")
    card = connector.compose(MESSAGE)
    assert card.limit == 300 and card.unit == "graphemes" and MESSAGE.url not in card.text
    small = Image(b"\x89PNG" + b"0" * 100, "image/png", "Mapa", "a.png")
    large = Image(b"\x89PNG" + b"0" * 2_000_000, "image/png", "Duża", "b.png")
    post = connector.compose(Message(**{**MESSAGE.__dict__, "images": (small, large)}))
    assert post.images == [small] and len(post.left_out) == 1
    assert post.text.endswith(MESSAGE.url) and post.length == grapheme_count(post.text)


def test_a_long_message_does_not_fit_until_adapted():
    connector = BlueskyConnector(handle="miasto.test", password="x")
    long = Message(**{**MESSAGE.__dict__, "lead": "słowo " * 80})
    assert not connector.compose(long).fits
    assert connector.compose(Message(**{**long.__dict__, "text": "Most zamknięty."})).fits
    assert FacebookConnector(page_id="1", token="t").compose(long).fits
