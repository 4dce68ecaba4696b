"""Alerts when a unit's satisfaction falls below its target and the fall is not chance."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.tasks import notify
from magistrat.feedback import rollups
from magistrat.feedback.models import SatisfactionTarget
from magistrat.feedback.rollups import Figures, Scope
from magistrat.feedback.stats import Share, significant_change
from magistrat.org.models import RoleAssignment, Unit

ROLLING_DAYS = 30


def unit_shares(units: list[Unit], first: date, last: date) -> dict[int, Share]:
    """Each unit's share of satisfied residents, with the units below it, days first…last."""
    by_unit = rollups.totals(Scope(first=first, last=last), "unit")
    shares = {}
    for unit in units:
        total = Figures()
        for unit_id in Unit.objects.subtree_ids([unit.pk]) & by_unit.keys():
            total.add(by_unit[unit_id].as_fields())
        shares[unit.pk] = total.share(unit.code)
    return shares


def traffic_light(share: Share, target_percent: int) -> str:
    """green: surely at or above target; red: surely below; amber: cannot tell; grey: too few ratings."""
    if share.interval is None:
        return "grey"
    low, high = share.interval
    target = target_percent / 100
    return "green" if low >= target else "red" if high < target else "amber"


def units_in_decline(today: date | None = None) -> list[tuple[SatisfactionTarget, Share, Share]]:
    """Units whose last 30 days are below target and significantly worse than the 30 days before."""
    today = today or timezone.localdate()
    current_start = today - timedelta(days=ROLLING_DAYS - 1)
    previous_start = current_start - timedelta(days=ROLLING_DAYS)
    targets = list(SatisfactionTarget.objects.select_related("unit__head__user"))
    units = [target.unit for target in targets]
    currents = unit_shares(units, current_start, today)
    previouses = unit_shares(units, previous_start, current_start - timedelta(days=1))
    found = []
    for target in targets:
        current, previous = currents[target.unit_id], previouses[target.unit_id]
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
