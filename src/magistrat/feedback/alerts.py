"""Alerts when a unit's satisfaction is surely below its target.

The targets page, the home page and this daily job read one computation,
`selectors.target_statuses`: a unit is "below target" when its traffic light is red (even the
upper end of the 95% interval of the last `ROLLING_DAYS` days stays below the target;
the window and its reason are in feedback/data/policy.yaml). A unit the data
cannot place yet (amber) or with too few ratings (grey) raises no alert.
"""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.attention import AttentionItem
from magistrat.core.permissions import has_perm, holders
from magistrat.core.tasks import notify
from magistrat.feedback.selectors import ROLLING_DAYS, TargetStatus, target_statuses


def title(status: TargetStatus) -> str:
    return _("Satisfaction in %(unit)s is below its target") % {"unit": status.unit.code}


def detail(status: TargetStatus) -> str:
    text = _(
        "Last %(days)d days: %(now)s%% satisfied (95%% interval %(ci)s%%, n=%(n)d); target %(target)d%%."
    ) % {
        "days": ROLLING_DAYS,
        "now": status.current.percent,
        "ci": status.current.interval_percent,
        "n": status.current.n,
        "target": status.target.target_percent,
    }
    if status.change == "down":
        text += " " + _("Significantly lower than the %(days)d days before (%(before)s%%).") % {
            "days": ROLLING_DAYS,
            "before": status.previous.percent,
        }
    return text


def dashboard_url(status: TargetStatus) -> str:
    return reverse("feedback:dashboard") + f"?group=week&days=90&unit={status.unit.code}"


def satisfaction_attention(user) -> list[AttentionItem]:
    """The home page: units in the user's view of ratings that are below their target."""
    if not has_perm(user, "feedback.view_responses"):
        return []
    return [
        AttentionItem(
            title=title(status),
            url=dashboard_url(status),
            module=_("Residents' ratings"),
            detail=detail(status),
        )
        for status in target_statuses(user=user)
        if status.below
    ]


@task()
def satisfaction_alerts() -> int:
    """Daily: tell the unit head and those who manage ratings and targets (in the app and by
    e-mail), once a week for as long as the unit stays below its target."""
    sent = 0
    year, week, _day = timezone.localdate().isocalendar()
    managers = list(get_user_model().objects.filter(is_active=True, pk__in=holders("feedback.manage_points")))
    for status in target_statuses():
        if not status.below:
            continue
        recipients = set(managers)
        if status.unit.head is not None and status.unit.head.user.is_active:
            recipients.add(status.unit.head.user)
        for user in recipients:
            if notify(
                user=user,
                title=title(status),
                body=detail(status),
                url=dashboard_url(status),
                key=f"csat-below:{status.unit.code}:{year}-W{week:02d}",
            ):
                sent += 1
    return sent
