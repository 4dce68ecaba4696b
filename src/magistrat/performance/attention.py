"""Objectives and KPIs on the home page and in the daily reminder: a KPI's owner sees each manual
KPI whose last period ended without a value; the quality manager and leadership (holders of
`performance.view_performance` office-wide) see how many KPIs in their view wait for a value and
how many are red."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status, end_of_day
from magistrat.core.permissions import has_perm, unit_scope
from magistrat.performance import selectors
from magistrat.performance.charts import period_label

# A value is expected within this many days after its period ends (the figures of a month are
# usually complete by the 10th); after that the item is overdue.
GRACE_DAYS = 10


def _status(end, today) -> Status:
    return Status.OVERDUE if today > end + timedelta(days=GRACE_DAYS) else Status.DUE_SOON


def performance_attention(user) -> list[AttentionItem]:
    from django.utils import timezone

    if not getattr(user, "is_authenticated", False):
        return []
    module = _("Objectives and KPIs")
    today = timezone.localdate()
    items = []
    for kpi, (start, end) in selectors.missing_values(today=today, owner=user)[:50]:
        items.append(
            AttentionItem(
                title=_("Enter the value of %(kpi)s for %(period)s")
                % {"kpi": kpi.name, "period": period_label(kpi, start)},
                url=reverse("performance:value_record", args=[kpi.pk]),
                module=module,
                kind="due",
                due=end_of_day(end + timedelta(days=GRACE_DAYS)),
                status=_status(end, today),
            )
        )
    if has_perm(user, "performance.manage_performance") or (
        has_perm(user, "performance.view_performance")
        and unit_scope(user, "performance.view_performance") is None
    ):
        visible = set(selectors.kpis_visible(user).values_list("pk", flat=True))
        overdue = [
            kpi
            for kpi, (_start, end) in selectors.missing_values(today=today)
            if kpi.pk in visible and _status(end, today) == Status.OVERDUE
        ]
        if overdue:
            items.append(
                AttentionItem(
                    title=ngettext(
                        "%(count)d KPI is waiting for an overdue value",
                        "%(count)d KPIs are waiting for an overdue value",
                        len(overdue),
                    )
                    % {"count": len(overdue)},
                    url=reverse("performance:kpi_list") + "?light=grey",
                    module=module,
                    status=Status.OVERDUE,
                )
            )
    return items
