"""Background tasks (Django's tasks framework). Run by `magistrat worker`."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from magistrat.core.attention import attention_for
from magistrat.core.deadlines import Status
from magistrat.core.models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    link = f"{settings.MAGISTRAT_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=f"[Magistrat] {notification.title}",
        message="\n\n".join(part for part in (notification.body, link) if part),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    return True


def notify(
    *, user, title: str, body: str = "", url: str = "", key: str = "", email: bool = True
) -> Notification | None:
    """An in-app notification, e-mailed by a background task. The same `key` is stored once."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, title=title, body=body, url=url, key=key)
    except IntegrityError:
        return None
    if email and user.email:
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


@task()
def daily_deadline_reminders() -> int:
    """Remind every active user of their items that are due soon or overdue (once per item per day)."""
    today = timezone.localdate()
    sent = 0
    for user in get_user_model().objects.filter(is_active=True).iterator():
        with override(settings.LANGUAGE_CODE):
            for item in attention_for(user):
                if item.status not in (Status.DUE_SOON, Status.OVERDUE):
                    continue
                title = _("Overdue: %(title)s") if item.status == Status.OVERDUE else _("Due soon: %(title)s")
                if notify(
                    user=user,
                    title=title % {"title": item.title},
                    url=item.url,
                    body=str(item.module),
                    key=f"reminder:{item.url}:{today.isoformat()}",
                ):
                    sent += 1
    return sent
