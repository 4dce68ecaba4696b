"""The channel outbox: deliveries written with the publication (one per enabled channel) and
enqueued after the commit; a person's retry and withdrawal. The attempts themselves are
`services/delivery.py`."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.comms.channels import LABELS, connector_for, enabled_channels
from magistrat.comms.connectors.base import ChannelError, Connector
from magistrat.comms.models import Delivery, NewsItem
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may

logger = logging.getLogger(__name__)
MANAGE = "comms.manage_channels"


def _label(delivery: Delivery) -> str:
    return LABELS.get(delivery.channel, delivery.channel)


def _enqueue(delivery_id: int) -> None:
    from magistrat.comms.delivery_tasks import deliver_task

    transaction.on_commit(lambda: deliver_task.enqueue(delivery_id))


def deliveries_create(*, news: NewsItem, channels: dict[str, dict] | None = None) -> list[str]:
    """One queued delivery per enabled channel (called inside the publication's transaction)."""
    kinds = list(channels if channels is not None else enabled_channels())
    created = Delivery.objects.bulk_create([Delivery(news=news, channel=kind) for kind in kinds])
    if channels is None:  # given channels (the demo's null connectors) are delivered by the caller
        for delivery in Delivery.objects.filter(news=news, channel__in=kinds):
            _enqueue(delivery.pk)
    return [delivery.channel for delivery in created]


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """A person sends a failed or given-up delivery again (a new round of attempts)."""
    require_may(by, MANAGE, delivery)
    if delivery.state not in (Delivery.State.FAILED, Delivery.State.GAVE_UP):
        raise ServiceError(_("Only a failed delivery can be retried."))
    if delivery.news.state != NewsItem.State.PUBLISHED:
        raise ServiceError(_("The item is no longer published."))
    delivery.state, delivery.attempts, delivery.next_attempt_at = Delivery.State.QUEUED, 0, None
    delivery.save()
    log_action(delivery.news, "comms.delivery.retried", user=by, data={"channel": _label(delivery)})
    _enqueue(delivery.pk)
    return delivery


def delivery_withdraw(*, delivery: Delivery, by, connector: Connector | None = None) -> Delivery:
    """Delete the post at the channel (sent) or stop sending it (not sent yet)."""
    require_may(by, MANAGE, delivery)
    if delivery.state == Delivery.State.WITHDRAWN:
        raise ServiceError(_("This delivery is already withdrawn."))
    if delivery.state == Delivery.State.SENT and delivery.remote_id:
        try:
            (connector or connector_for(delivery.channel)).delete(delivery)
        except ChannelError as exc:
            with transaction.atomic():
                delivery.error = exc.message[:2000]
                delivery.save()
                log_action(
                    delivery.news,
                    "comms.delivery.withdraw_failed",
                    user=by,
                    data={"channel": _label(delivery), "error": delivery.error},
                )
            raise ServiceError(exc.message) from exc
    with transaction.atomic():
        delivery.state, delivery.withdrawn_at, delivery.next_attempt_at = (
            Delivery.State.WITHDRAWN,
            timezone.now(),
            None,
        )
        delivery.save()
        log_action(
            delivery.news,
            "comms.delivery.withdrawn",
            user=by,
            data={"channel": _label(delivery), "remote_url": delivery.remote_url},
        )
    return delivery
