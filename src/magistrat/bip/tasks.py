"""The bulletin's scheduled work: publication at the time an approver set, archiving when due."""

import logging

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from magistrat.bip import services
from magistrat.bip.models import Item
from magistrat.core.audit import audit_context
from magistrat.core.exceptions import ServiceError

logger = logging.getLogger(__name__)


@task()
def publish_and_archive_due_items() -> dict:
    """Publish approved items whose publication time has come (as their approver), archive due ones."""
    now = timezone.now()
    published = archived = 0
    due = Item.objects.filter(state=Item.State.APPROVED, publish_at__lte=now, approved_by__isnull=False)
    for item in due.select_related("approved_by"):
        try:
            with audit_context(user=item.approved_by):
                services.item_publish(item=item, by=item.approved_by)
            published += 1
        except ServiceError as exc:
            logger.warning("Scheduled publication of item %s refused: %s", item.pk, exc.message)
    to_archive = Item.objects.filter(state=Item.State.PUBLISHED, archive_at__lte=now)
    for item in to_archive.filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now)):
        services.item_archive(item=item)  # by the scheduler: on no one's behalf (no `by`)
        archived += 1
    return {"published": published, "archived": archived}
