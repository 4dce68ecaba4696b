"""Background tasks (Django's tasks framework). Run by `magistrat worker`."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from magistrat.core.attention import attention_for, reminded
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


@task()
def send_account_invitation(user_id: int) -> bool:
    """E-mail a new staff member a link to set their password (valid as long as PASSWORD_RESET_TIMEOUT)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    link = settings.MAGISTRAT_BASE_URL + reverse(
        "core:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Your Magistrat account"),
            message=_(
                "An account has been created for you, user name: %(username)s.\n\n"
                "Set your password here: %(link)s"
            )
            % {"username": user.get_username(), "link": link},
            from_email=None,
            recipient_list=[user.email],
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


def _reminder_key(item, today) -> str:
    """One reminder per item per day: two items behind one page (two tasks of a risk) are two."""
    digest = hashlib.sha256(f"{item.url}\n{item.title}".encode()).hexdigest()[:20]
    return f"reminder:{today.isoformat()}:{digest}"


@task()
def daily_deadline_reminders() -> int:
    """Remind every active user of their items that are due soon or overdue, and of new cases
    waiting for them to assign (once per item per day, until dealt with)."""
    today = timezone.localdate()
    sent = 0
    for user in get_user_model().objects.filter(is_active=True).iterator():
        with override(settings.LANGUAGE_CODE):
            for item in attention_for(user):
                if not reminded(item):
                    continue
                if item.status == Status.OVERDUE:
                    title = _("Overdue: %(title)s")
                elif item.status == Status.DUE_SOON:
                    title = _("Due soon: %(title)s")
                else:
                    title = "%(title)s"
                if notify(
                    user=user,
                    title=title % {"title": item.title},
                    url=item.url,
                    body=str(item.module),
                    key=_reminder_key(item, today),
                ):
                    sent += 1
    return sent
