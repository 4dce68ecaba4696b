"""Overdue corrective actions as a KPI source (`performance.sources`, registered from
`QualityConfig.ready()`): the number of actions of the one action register that were overdue at
the end of the period — due before that day, not done by then, and not cancelled (ISO 9001 10.2).
A unit's KPI counts the actions of the unit and the units below it."""

from bisect import bisect_left, insort
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import end_of_day
from magistrat.org.models import Unit
from magistrat.performance.sources import KpiSource, Value, register_source
from magistrat.quality.models import Action


def overdue_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    first_end, last_end = min(end for _s, end in periods), max(end for _s, end in periods)
    actions = Action.objects.exclude(state=Action.State.CANCELLED).filter(
        Q(done_at__isnull=True) | Q(done_at__gt=end_of_day(first_end)), due_on__lt=last_end
    )
    if unit is not None:
        actions = actions.filter(unit_id__in=Unit.objects.subtree_ids([unit.pk]))
    rows = list(actions.values_list("due_on", "done_at").order_by())
    dues = sorted(due_on for due_on, _done_at in rows)
    done = sorted((done_at, due_on) for due_on, done_at in rows if done_at is not None)
    counts, next_done = [0] * len(periods), 0
    done_by_then: list[date] = []
    # Periods by their end: one sweep over the done actions, O(n log n) in all.
    for index in sorted(range(len(periods)), key=lambda i: periods[i][1]):
        end = periods[index][1]
        moment = end_of_day(end)
        while next_done < len(done) and done[next_done][0] <= moment:
            insort(done_by_then, done[next_done][1])
            next_done += 1
        # due before the period's last day, less those of them already done by its end
        counts[index] = bisect_left(dues, end) - bisect_left(done_by_then, end)
    url = reverse("quality:action_list") + "?overdue=1" + (f"&unit={unit.code}" if unit is not None else "")
    return [Value(value=float(count), sample=count, records_url=url) for count in counts]


def overdue(*, start: date, end: date, unit=None) -> Value:
    return overdue_series(periods=[(start, end)], unit=unit)[0]


SOURCE = KpiSource(
    code="quality.actions_overdue",
    label=_("Overdue corrective actions (number)"),
    unit_of_measure="szt.",
    compute=overdue,
    compute_series=overdue_series,
    description=_(
        "Actions of the action register overdue at the end of the period (due earlier, not done by then)."
    ),
    direction="lower",
)


def register() -> None:
    register_source(SOURCE)


register()  # imported from the app's ready(): the sources are in the registry from start-up
