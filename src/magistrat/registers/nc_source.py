"""Justified complaints as a source of nonconformities (registered with `quality.sources` from
`RegistersConfig.ready()`): a complaint closed as justified shows that a service did not meet its
requirements (ISO 9001 8.7, 9.1.2). Its page offers the quality manager "raise a nonconformity"
(`{% nonconformities_for case %}`), and the recent ones wait on the quality manager's page.

The effectiveness measure is simple: justified complaints about the same unit closed since the
actions were done, against as many days before the record was detected.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.deadlines import end_of_day, local_date
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import Candidate, Draft, Measurement, Proposal, Source, register_source
from magistrat.registers.models import Complaint

CODE = "complaint"
RECENT_DAYS = 90  # the quality manager's page lists the justified complaints of the last quarter


def _eligible(complaint: Complaint) -> bool:
    return complaint.closed_at is not None and complaint.outcome == Complaint.Outcome.JUSTIFIED


def _justified():
    return Complaint.objects.filter(closed_at__isnull=False, outcome=Complaint.Outcome.JUSTIFIED)


def _candidates(user) -> list[Candidate]:
    linked = Nonconformity.objects.filter(linked_type=ContentType.objects.get_for_model(Complaint)).values(
        "linked_id"
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    complaints = _justified().filter(closed_at__gte=since).exclude(pk__in=linked).select_related("unit")
    return [
        Candidate(obj=c, label=str(c), detail=c.unit.code if c.unit else "", url=c.get_absolute_url())
        for c in complaints.order_by("-closed_at")[:50]
    ]


def _propose(complaint: Complaint) -> Draft:
    return Draft(
        title=_("Justified complaint %(number)s: %(subject)s")
        % {"number": complaint.number, "subject": complaint.subject},
        description=complaint.content[:5000],
        unit_id=complaint.unit_id,
        detected_on=local_date(complaint.closed_at) if complaint.closed_at else None,
    )


def measure(nc: Nonconformity, *, linked, since, today) -> Measurement:
    days = (today - since).days + 1
    unit = linked.unit if linked is not None and linked.unit_id else nc.unit
    after = _justified().filter(
        unit=unit, closed_at__gte=end_of_day(since - timedelta(days=1)), closed_at__lte=end_of_day(today)
    )
    before_last = nc.detected_on
    before = _justified().filter(
        unit=unit,
        closed_at__gt=end_of_day(before_last - timedelta(days=days)),
        closed_at__lte=end_of_day(before_last),
    )
    counts = {"after": after.count(), "before": before.count(), "days": days, "unit": unit.code}
    summary = (
        _(
            "Justified complaints about %(unit)s: %(after)d in the %(days)d days since the actions, "
            "%(before)d in as many days before."
        )
        % counts
    )
    # Fewer justified complaints than before (or none at all) suggests the cause is gone.
    fewer = counts["after"] == 0 or counts["after"] < counts["before"]
    proposal = Proposal.EFFECTIVE if fewer else Proposal.NOT_EFFECTIVE
    return Measurement(proposal, summary, counts)


def register() -> None:
    register_source(
        Source(
            code=CODE,
            label=gettext_lazy("justified complaint"),
            model="registers.complaint",
            eligible=_eligible,
            candidates=_candidates,
            propose=_propose,
            measure=measure,
        )
    )
