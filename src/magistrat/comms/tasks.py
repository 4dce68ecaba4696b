"""The newsroom's scheduled work: publishing and expiring on time, retrying due deliveries."""

import logging

from django.tasks import task
from django.utils import timezone

from magistrat.core.audit import audit_context
from magistrat.core.exceptions import ServiceError

logger = logging.getLogger(__name__)


@task()
def publish_expire_and_retry() -> dict:
    """Publish approved items whose time has come (as their approver), expire due ones, and attempt
    the deliveries whose retry time has come."""
    from magistrat.comms.models import NewsItem
    from magistrat.comms.services.delivery import deliver_due
    from magistrat.comms.services.news import news_expire, news_publish

    now = timezone.now()
    published = expired = 0
    due = NewsItem.objects.filter(
        state=NewsItem.State.APPROVED, publish_at__lte=now, approved_by__isnull=False
    )
    for news in due.select_related("approved_by"):
        try:
            with audit_context(user=news.approved_by):
                news_publish(news=news, by=news.approved_by, now=now)
            published += 1
        except ServiceError as exc:
            logger.warning("Scheduled publication of news %s refused: %s", news.pk, exc.message)
    for news in NewsItem.objects.filter(state=NewsItem.State.PUBLISHED, expire_at__lte=now):
        news_expire(news=news)
        expired += 1
    return {"published": published, "expired": expired, "deliveries": deliver_due(now=now)}
