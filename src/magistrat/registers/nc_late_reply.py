"""Requests for public information answered late as a source of nonconformities (registered with
`quality.sources` from `RegistersConfig.ready()`). A reply after the statutory deadline (udip
art. 13: 14 days, or the extended one) is a nonconforming output (ISO 9001 8.7): the service did
not meet a legal requirement. The quality manager sees the late replies of the last quarter on the
"raise a nonconformity" page, and the request's page offers it.

The effectiveness measure is the on-time share: requests of the same unit closed since the actions
were done against as many days before the record was detected, each needing a few closed requests.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.deadlines import Status, end_of_day, local_date
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import Candidate, Draft, Measurement, Proposal, Source, register_source
from magistrat.registers.models import InfoRequest

CODE = "late_info_reply"
RECENT_DAYS = 90  # the quality manager's page lists the late replies of the last quarter
# A unit closes a few requests a month: fewer than five closed after the actions tell nothing.
MIN_CLOSED = 5


def _late(request: InfoRequest) -> bool:
    return request.closed_at is not None and request.status == Status.DONE_LATE


def _candidates(user) -> list[Candidate]:
    linked = Nonconformity.objects.filter(linked_type=ContentType.objects.get_for_model(InfoRequest)).values(
        "linked_id"
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    closed = (
        InfoRequest.objects.filter(closed_at__gte=since)
        .exclude(pk__in=linked)
        .select_related("unit")
        .order_by("-closed_at")[:500]
    )
    return [
        Candidate(obj=r, label=str(r), detail=r.unit.code if r.unit else "", url=r.get_absolute_url())
        for r in closed
        if _late(r)
    ][:50]


def _propose(request: InfoRequest) -> Draft:
    due = local_date(request.clock.due)
    closed = local_date(request.closed_at) if request.closed_at else None
    return Draft(
        title=_("Late reply to the request for public information %(number)s") % {"number": request.number},
        description=_("The reply was due on %(due)s and was given on %(closed)s.")
        % {"due": due.isoformat(), "closed": closed.isoformat() if closed else "–"},
        unit_id=request.unit_id,
        detected_on=closed,
        trigger={
            "case": request.number,
            "due": due.isoformat(),
            "closed": closed.isoformat() if closed else "",
            "days_late": (closed - due).days if closed else 0,
        },
    )


def _on_time(unit, first, last) -> tuple[int, int]:
    """(closed on time, closed) for the unit's requests closed between the two days."""
    closed = InfoRequest.objects.filter(
        unit=unit, closed_at__gt=end_of_day(first - timedelta(days=1)), closed_at__lte=end_of_day(last)
    )
    statuses = [r.status for r in closed]
    return sum(s == Status.DONE for s in statuses), len(statuses)


def measure(nc: Nonconformity, *, linked, since, today) -> Measurement:
    days = (today - since).days + 1
    unit = linked.unit if linked is not None and linked.unit_id else nc.unit
    after_on_time, after = _on_time(unit, since, today)
    before_on_time, before = _on_time(unit, nc.detected_on - timedelta(days=days - 1), nc.detected_on)
    share_after = after_on_time / after if after else 0.0
    share_before = before_on_time / before if before else 0.0
    figures = {
        "unit": unit.code,
        "days": days,
        "after": after,
        "after_on_time": after_on_time,
        "before": before,
        "before_on_time": before_on_time,
    }
    summary = (
        _(
            "Requests for public information of %(unit)s answered on time: %(after_on_time)d of %(after)d "
            "in the %(days)d days since the actions, %(before_on_time)d of %(before)d in as many days before."
        )
        % figures
    )
    if after < MIN_CLOSED:
        return Measurement(Proposal.TOO_FEW, summary, figures)
    # Every reply on time, or a larger on-time share than before, suggests the cause is gone.
    better = after_on_time == after or share_after > share_before
    return Measurement(Proposal.EFFECTIVE if better else Proposal.NOT_EFFECTIVE, summary, figures)


def register() -> None:
    register_source(
        Source(
            code=CODE,
            label=gettext_lazy("late reply to a request for public information"),
            model="registers.inforequest",
            eligible=_late,
            candidates=_candidates,
            propose=_propose,
            measure=measure,
        )
    )
