"""Each connector through its real library against a local stand-in server (no network): success,
timeout, 4xx, 5xx, an expired token, and a retry after a lost response that posts nothing twice."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from magistrat.comms.models import Delivery
from magistrat.comms.services import news as services
from magistrat.comms.services.delivery import deliver, deliver_due
from magistrat.comms.services.outbox import delivery_retry, delivery_withdraw
from magistrat.core.models import AuditEntry

from .conftest import png

pytestmark = pytest.mark.django_db
TIMEOUT = 0.5


def configure(settings, kind: str, server) -> None:
    options = {
        "mastodon": {"url": server.url, "token": "good-token", "timeout": TIMEOUT},
        "bluesky": {
            "handle": "miasto.test",
            "password": "app-password",
            "pds_url": server.url,
            "timeout": TIMEOUT,
        },
        "facebook": {
            "page_id": "1234567890",
            "token": "page-token",
            "graph_url": f"{server.url}/v21.0",
            "timeout": TIMEOUT,
        },
    }[kind]
    settings.COMMS_CHANNELS = {kind: options}


@pytest.fixture(params=["mastodon", "bluesky", "facebook"])
def channel(request, settings):
    """(kind, stand-in server) with the channel configured to it."""
    kind = request.param
    server = request.getfixturevalue(kind)
    configure(settings, kind, server)
    return kind, server


def only_delivery(news) -> Delivery:
    return Delivery.objects.get(news=news)


def test_success_stores_the_remote_id_and_address(channel, published):
    kind, server = channel
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 1
    assert delivery.remote_id and delivery.remote_url
    assert len(server.posts) == 1
    assert AuditEntry.objects.filter(action="comms.delivery.sent", object_id=str(news.pk)).count() == 1
    assert deliver(delivery.pk) is None  # a sent delivery is never sent again
    assert len(server.posts) == 1


@pytest.mark.parametrize("behaviour", ["timeout", "5xx"])
def test_a_timeout_or_server_error_is_retried_with_backoff(channel, published, behaviour):
    kind, server = channel
    server.behaviours = [behaviour]
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert delivery.state == Delivery.State.FAILED and delivery.error
    assert delivery.next_attempt_at > delivery.last_attempt_at
    assert deliver_due(now=delivery.last_attempt_at) == 0  # not before its time
    assert deliver_due(now=delivery.next_attempt_at + timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 2
    assert len(server.posts) == 1


def test_a_refused_message_is_given_up_with_the_error(channel, published):
    kind, server = channel
    server.behaviours = ["4xx"]
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert delivery.state == Delivery.State.GAVE_UP and delivery.error and delivery.next_attempt_at is None
    assert not server.posts


def test_an_expired_token_gives_a_clear_error_and_no_retry(channel, published, approver):
    kind, server = channel
    server.behaviours = ["expired"]
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert delivery.state == Delivery.State.GAVE_UP
    assert "token" in delivery.error and "expired or revoked" in delivery.error
    # once the token is renewed, a person retries it by hand
    delivery_retry(delivery=delivery, by=approver)
    delivery = deliver(delivery.pk)
    assert delivery.state == Delivery.State.SENT and len(server.posts) == 1


def test_a_retry_after_a_lost_response_posts_nothing_twice(channel, published):
    kind, server = channel
    server.behaviours = ["lose"]
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert delivery.state == Delivery.State.FAILED
    assert len(server.posts) == 1  # the channel did post it; the answer was lost
    delivery = deliver(delivery.pk)
    assert delivery.state == Delivery.State.SENT and delivery.remote_id
    assert len(server.posts) == 1  # count check: found, not posted again
    assert AuditEntry.objects.filter(action="comms.delivery.sent", object_id=str(news.pk)).count() == 1


def test_mastodon_after_its_key_expired_looks_the_status_up(settings, mastodon, published):
    configure(settings, "mastodon", mastodon)
    mastodon.behaviours = ["lose"]
    news = published()
    delivery = deliver(only_delivery(news).pk)
    Delivery.objects.filter(pk=delivery.pk).update(
        first_attempt_at=delivery.first_attempt_at - timedelta(hours=2)
    )
    mastodon.keys.clear()  # Mastodon forgot the idempotency key after an hour
    delivery = deliver(delivery.pk)
    assert delivery.state == Delivery.State.SENT and len(mastodon.posts) == 1


def test_withdrawal_deletes_the_post_at_the_channel(channel, published, approver):
    kind, server = channel
    news = published()
    delivery = deliver(only_delivery(news).pk)
    assert len(server.posts) == 1
    delivery_withdraw(delivery=delivery, by=approver)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.WITHDRAWN and not server.posts


def test_a_failing_channel_never_blocks_the_others(settings, mastodon, bluesky, facebook, published):
    configure(settings, "mastodon", mastodon)
    channels = dict(settings.COMMS_CHANNELS)
    configure(settings, "bluesky", bluesky)
    channels |= settings.COMMS_CHANNELS
    configure(settings, "facebook", facebook)
    settings.COMMS_CHANNELS = channels | settings.COMMS_CHANNELS
    bluesky.behaviours = ["5xx"]
    news = published()
    states = {d.channel: deliver(d.pk).state for d in news.deliveries.all()}
    assert states == {"mastodon": "sent", "bluesky": "failed", "facebook": "sent"}
    assert len(mastodon.posts) == len(facebook.posts) == 1 and not bluesky.posts


def test_images_go_with_their_alt_text(settings, mastodon, bluesky, draft, editor, approver):
    configure(settings, "mastodon", mastodon)
    channels = dict(settings.COMMS_CHANNELS)
    configure(settings, "bluesky", bluesky)
    settings.COMMS_CHANNELS = channels | settings.COMMS_CHANNELS
    news = draft()
    services.image_add(
        news=news, by=editor, upload=SimpleUploadedFile("mapa.png", png()), alt_text="Mapa objazdu"
    )
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    for delivery in news.deliveries.all():
        assert deliver(delivery.pk).state == Delivery.State.SENT
    assert len(mastodon.media) == 1
    (record,) = bluesky.posts.values()
    assert record["embed"]["images"][0]["alt"] == "Mapa objazdu"
    assert record["text"].endswith(news.public_path())
