"""One attempt at a delivery, retried with exponential backoff (comms/data/policy.yaml) and never
posted twice.

A delivery's attempt is recorded (committed) before the channel is called, so an attempt whose
answer was lost is known: the next attempt first asks the connector whether the post exists
(`find_existing`) and records it instead of posting again. A failing channel only touches its own
delivery row; the others go on.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.comms import policy
from magistrat.comms.channels import LABELS, connector_for, enabled_channels, message_for
from magistrat.comms.connectors.base import ChannelError, Connector
from magistrat.comms.models import Delivery, NewsItem
from magistrat.core.audit import log_action

logger = logging.getLogger(__name__)


def _label(delivery: Delivery) -> str:
    return LABELS.get(delivery.channel, delivery.channel)


def _start_attempt(delivery_id: int, now: datetime) -> tuple[Delivery, bool] | None:
    """Record the attempt before calling the channel; None when nothing is to be sent."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("news").filter(pk=delivery_id).first()
        if delivery is None or delivery.state not in (Delivery.State.QUEUED, Delivery.State.FAILED):
            return None
        if delivery.news.state != NewsItem.State.PUBLISHED:
            return None
        tried_before = delivery.first_attempt_at is not None
        delivery.attempts += 1
        delivery.first_attempt_at = delivery.first_attempt_at or now
        delivery.last_attempt_at = now
        delivery.next_attempt_at = None
        delivery.save()
    return delivery, tried_before


def deliver(
    delivery_id: int, *, connector: Connector | None = None, now: datetime | None = None
) -> Delivery | None:
    """One attempt at one delivery (the task; also called by the demo with its null connector)."""
    now = now or timezone.now()
    started = _start_attempt(delivery_id, now)
    if started is None:
        return None
    delivery, tried_before = started
    try:
        connector = connector or connector_for(delivery.channel)
        post = connector.compose(message_for(delivery.news, delivery.channel))
        if not post.fits:
            raise ChannelError(
                _("The message has %(length)d of at most %(limit)d.")
                % {"length": post.length, "limit": post.limit},
                retryable=False,
            )
        sent = connector.find_existing(post, delivery) if tried_before else None
        found = sent is not None
        sent = sent or connector.send(post, delivery)
    except ChannelError as exc:
        return _failed(delivery, exc, now)
    except Exception as exc:  # a connector's unexpected error is one channel's failure, not the worker's
        logger.exception("Delivery %s to %s failed", delivery.pk, delivery.channel)
        return _failed(delivery, ChannelError(str(exc) or exc.__class__.__name__, retryable=True), now)
    with transaction.atomic():
        delivery.state = Delivery.State.SENT
        delivery.remote_id, delivery.remote_url = sent.remote_id[:200], sent.remote_url[:500]
        delivery.sent_at, delivery.error = now, ""
        delivery.save()
        log_action(
            delivery.news,
            "comms.delivery.sent",
            data={
                "channel": _label(delivery),
                "remote_url": sent.remote_url,
                "attempts": delivery.attempts,
                "found_after_lost_answer": found,
            },
        )
    return delivery


def _failed(delivery: Delivery, exc: ChannelError, now: datetime) -> Delivery:
    with transaction.atomic():
        delivery.error = exc.message[:2000]
        if exc.retryable and delivery.attempts < policy.value("max_attempts"):
            delivery.state = Delivery.State.FAILED
            delivery.next_attempt_at = now + policy.backoff(delivery.attempts)
        else:
            delivery.state = Delivery.State.GAVE_UP
            delivery.next_attempt_at = None
        delivery.save()
        log_action(
            delivery.news,
            "comms.delivery.gave_up" if delivery.state == Delivery.State.GAVE_UP else "comms.delivery.failed",
            data={"channel": _label(delivery), "error": delivery.error, "attempts": delivery.attempts},
        )
    return delivery


def deliver_due(*, now: datetime | None = None) -> int:
    """Attempt every delivery whose retry time has come, and queued ones left behind (a worker
    stopped between the commit and the task)."""
    now = now or timezone.now()
    enabled = list(enabled_channels())  # a channel switched off keeps its deliveries as they are
    due = Delivery.objects.filter(
        state=Delivery.State.FAILED, next_attempt_at__lte=now, channel__in=enabled
    ).values_list("pk", flat=True)
    stale = Delivery.objects.filter(
        state=Delivery.State.QUEUED, created_at__lte=now - policy.backoff(1), attempts=0, channel__in=enabled
    ).values_list("pk", flat=True)
    count = 0
    for pk in [*due[:200], *stale[:200]]:
        deliver(pk, now=now)
        count += 1
    return count
