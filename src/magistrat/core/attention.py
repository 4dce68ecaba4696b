"""The staff home page's "needs your attention" list, filled in by every module.

A module registers a provider: a function that takes a user and returns `AttentionItem`s that
this user should act on (items due, items to approve, new cases to assign). Providers must scope
by permission. The daily reminder (`core.tasks.daily_deadline_reminders`) notifies every item
that is due soon or overdue, and every item to assign whatever its clock says: a new case waits
in somebody's reminder every day until it is assigned.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from magistrat.core.deadlines import Status


@dataclass(frozen=True)
class AttentionItem:
    title: str
    url: str
    module: str
    kind: str = "todo"  # "due", "approve", "todo" or "assign" (a new case waiting to be assigned)
    due: datetime | None = None
    status: Status | None = None
    detail: str = ""


Provider = Callable[[object], Iterable[AttentionItem]]
_providers: list[Provider] = []


def reminded(item: AttentionItem) -> bool:
    """Whether the daily reminder notifies of the item."""
    return item.kind == "assign" or item.status in (Status.DUE_SOON, Status.OVERDUE)


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def attention_for(user) -> list[AttentionItem]:
    items = [item for provider in _providers for item in provider(user)]
    urgency = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.OPEN: 2}
    return sorted(
        items,
        key=lambda i: (
            urgency.get(i.status, 3) if i.status else 3,
            i.due is None,
            i.due or datetime.max.replace(tzinfo=UTC),
            i.title,
        ),
    )


def failed_sign_ins(user) -> list[AttentionItem]:
    """For those who watch the audit trail: a burst of failed sign-ins in the last 24 hours."""
    from datetime import timedelta

    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from magistrat.core.models import AuditEntry
    from magistrat.core.permissions import has_perm

    if not has_perm(user, "core.view_audit"):
        return []
    since = timezone.now() - timedelta(hours=24)
    count = AuditEntry.objects.filter(action="auth.login_failed", created_at__gte=since).count()
    if count < settings.AXES_FAILURE_LIMIT:
        return []
    return [
        AttentionItem(
            title=_("%(count)d failed sign-ins in the last 24 hours") % {"count": count},
            url=reverse("core:audit_list") + "?action=auth.login_failed",
            module=_("Security"),
        )
    ]


def clock_item(*, title: str, url: str, module: str, clock) -> AttentionItem:
    """A case with a legal clock on the home page: due when its clock says, in its clock's state."""
    return AttentionItem(
        title=title, url=url, module=module, kind="due", due=clock.due, status=clock.status()
    )
