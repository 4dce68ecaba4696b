"""The audits module on the home page and in the daily reminder: the head of an audited unit sees
the reported findings waiting for their acknowledgement; an auditor sees the audits they conduct
that are not reported yet (due by their planned end, on the deadline engine)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.audits import selectors
from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status, end_of_day


def audits_attention(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    module = _("Internal audits")
    today = timezone.localdate()
    items: list[AttentionItem] = []
    for audit, unit in selectors.to_acknowledge(user=user)[:50]:
        items.append(
            AttentionItem(
                title=_("Acknowledge the findings of %(audit)s for %(unit)s")
                % {"audit": audit.title, "unit": unit.code},
                url=reverse("audits:audit_detail", args=[audit.pk]) + "#acknowledge",
                module=module,
                kind="approve",
            )
        )
    for audit in selectors.upcoming_audits(user=user, today=today)[:50]:
        if audit.planned_end < today:
            status = Status.OVERDUE
        elif (audit.planned_start - today).days <= 7:
            status = Status.DUE_SOON
        else:
            status = Status.OPEN
        items.append(
            AttentionItem(
                title=_("Audit: %(title)s") % {"title": audit.title},
                url=reverse("audits:audit_detail", args=[audit.pk]),
                module=module,
                kind="due",
                due=end_of_day(audit.planned_end),
                status=status,
                detail=audit.get_state_display(),
            )
        )
    return items
