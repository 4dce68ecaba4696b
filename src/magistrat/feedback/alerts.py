"""Alerts when a unit's satisfaction falls below its target and the fall is not chance."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.tasks import notify
from magistrat.feedback.models import Response, SatisfactionTarget
from magistrat.feedback.stats import Share, significant_change
from magistrat.org.models import RoleAssignment, Unit

ROLLING_DAYS = 30


def unit_share(unit: Unit, since: datetime, until: datetime) -> Share:
    subtree = Unit.objects.subtree_ids([unit.pk])
    row = Response.objects.filter(
        unit_id__in=subtree,
        excluded=False,
        csat__isnull=False,
        submitted_at__gte=since,
        submitted_at__lt=until,
    ).aggregate(n=Count("id"), satisfied=Count("id", filter=Q(csat__gte=4)))
    return Share(unit.code, row["n"], row["satisfied"])


def traffic_light(share: Share, target_percent: int) -> str:
    """green: surely at or above target; red: surely below; amber: cannot tell; grey: too few ratings."""
    if share.interval is None:
        return "grey"
    low, high = share.interval
    target = target_percent / 100
    return "green" if low >= target else "red" if high < target else "amber"


def units_in_decline(now: datetime | None = None) -> list[tuple[SatisfactionTarget, Share, Share]]:
    """Units whose last 30 days are below target and significantly worse than the 30 days before."""
    now = now or timezone.now()
    current_start, previous_start = now - timedelta(days=ROLLING_DAYS), now - timedelta(days=2 * ROLLING_DAYS)
    found = []
    for target in SatisfactionTarget.objects.select_related("unit__head__user"):
        current = unit_share(target.unit, current_start, now)
        previous = unit_share(target.unit, previous_start, current_start)
        below = current.value is not None and current.value < target.target_percent / 100
        worse = previous.value is not None and current.value is not None and current.value < previous.value
        if below and worse and significant_change(previous, current):
            found.append((target, previous, current))
    return found


@task()
def satisfaction_alerts() -> int:
    """Daily: tell the unit head and the quality managers (in the app and by e-mail)."""
    sent = 0
    today = timezone.localdate().isoformat()
    quality_managers = list(
        get_user_model().objects.filter(
            is_active=True, pk__in=RoleAssignment.objects.filter(role="quality_manager").values("user")
        )
    )
    for target, previous, current in units_in_decline():
        recipients = set(quality_managers)
        if target.unit.head is not None:
            recipients.add(target.unit.head.user)
        title = _("Satisfaction in %(unit)s fell below its target") % {"unit": target.unit.code}
        body = _(
            "Last %(days)d days: %(now)s%% satisfied (95%% interval %(ci)s%%, n=%(n)d); the %(days)d days "
            "before: %(before)s%%; target %(target)d%%."
        ) % {
            "days": ROLLING_DAYS,
            "now": current.percent,
            "ci": current.interval_percent,
            "n": current.n,
            "before": previous.percent,
            "target": target.target_percent,
        }
        url = reverse("feedback:dashboard") + "?group=week&days=90"
        for user in recipients:
            if notify(
                user=user, title=title, body=body, url=url, key=f"csat-alert:{target.unit.code}:{today}"
            ):
                sent += 1
    return sent
