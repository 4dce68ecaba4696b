"""The ratings as a source of nonconformities (registered with `quality.sources` from
`FeedbackConfig.ready()`): a unit whose satisfaction is surely below its target (the alert of
`alerts.py`, read from `selectors.target_statuses`) waits on the quality manager's "raise a
nonconformity" page; the record keeps the figures of the trigger period.

After the corrective actions the same unit's CSAT over a window of the same length is compared
with the trigger period: both with 95% Wilson intervals, each needing the minimum sample
(`stats.MIN_RESPONSES`), and a two-proportion z-test. The system proposes "effective" only for a
rise beyond chance; a person confirms (ISO 9001 10.2.1 d).
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.feedback import alerts
from magistrat.feedback.models import SatisfactionTarget
from magistrat.feedback.selectors import ROLLING_DAYS, TargetStatus, _unit_shares, target_statuses
from magistrat.feedback.stats import MIN_RESPONSES, Share, two_proportion_p_value
from magistrat.quality.models import Nonconformity
from magistrat.quality.sources import Candidate, Draft, Measurement, Proposal, Source, register_source

CODE = "satisfaction_drop"


def _below(user=None) -> dict[int, TargetStatus]:
    return {status.target.pk: status for status in target_statuses(user=user) if status.below}


def _eligible(target: SatisfactionTarget) -> bool:
    return target.pk in _below()


def _candidates(user) -> list[Candidate]:
    linked = set(Nonconformity.objects.open().filter(source=CODE).values_list("linked_id", flat=True))
    return [
        Candidate(
            obj=status.target,
            label=alerts.title(status),
            detail=alerts.detail(status),
            url=alerts.dashboard_url(status),
        )
        for pk, status in _below().items()
        if pk not in linked
    ]


def _propose(target: SatisfactionTarget) -> Draft:
    status = _below()[target.pk]
    today = timezone.localdate()
    return Draft(
        title=alerts.title(status),
        description=alerts.detail(status),
        unit_id=target.unit_id,
        detected_on=today,
        trigger={
            "first": (today - timedelta(days=ROLLING_DAYS - 1)).isoformat(),
            "last": today.isoformat(),
            "n": status.current.n,
            "satisfied": status.current.satisfied,
            "target": target.target_percent,
        },
    )


def _figures(share: Share) -> dict:
    return {
        "n": share.n,
        "satisfied": share.satisfied,
        "percent": share.percent,
        "interval": share.interval_percent,
    }


def measure(nc: Nonconformity, *, linked, since: date, today: date) -> Measurement:
    """The unit's CSAT over as many days after the actions as the trigger period had, against it."""
    trigger = nc.trigger or {}
    try:
        first, last = date.fromisoformat(trigger["first"]), date.fromisoformat(trigger["last"])
        before = Share(label="before", n=int(trigger["n"]), satisfied=int(trigger["satisfied"]))
    except (KeyError, TypeError, ValueError):
        return Measurement(Proposal.NO_MEASURE, _("The record keeps no trigger figures: a person judges."))
    length = (last - first).days + 1
    end = min(since + timedelta(days=length - 1), today)
    unit = linked.unit if linked is not None else nc.unit  # the unit whose ratings triggered it
    after = _unit_shares([unit], since, end)[unit.pk]
    data = {
        "before": {"first": first.isoformat(), "last": last.isoformat(), **_figures(before)},
        "after": {"first": since.isoformat(), "last": end.isoformat(), **_figures(after)},
        "min_sample": MIN_RESPONSES,
    }
    if before.too_few or after.too_few:
        return Measurement(
            Proposal.TOO_FEW,
            _(
                "Too few ratings to compare: %(after)d after the actions, %(before)d before "
                "(at least %(min)d each)."
            )
            % {"after": after.n, "before": before.n, "min": MIN_RESPONSES},
            data,
        )
    p_value = two_proportion_p_value(before.satisfied, before.n, after.satisfied, after.n)
    data["p_value"] = None if p_value is None else round(p_value, 4)
    better = after.satisfied / after.n > before.satisfied / before.n
    proposal = (
        Proposal.EFFECTIVE if better and p_value is not None and p_value < 0.05 else Proposal.NOT_EFFECTIVE
    )
    summary = _(
        "Satisfied after the actions: %(after)s%% (95%% interval %(after_ci)s%%, n=%(after_n)d); before: "
        "%(before)s%% (%(before_ci)s%%, n=%(before_n)d); p=%(p)s."
    ) % {
        "after": after.percent,
        "after_ci": after.interval_percent,
        "after_n": after.n,
        "before": before.percent,
        "before_ci": before.interval_percent,
        "before_n": before.n,
        "p": "–" if p_value is None else f"{p_value:.3f}",
    }
    return Measurement(proposal, summary, data)


def register() -> None:
    register_source(
        Source(
            code=CODE,
            label=gettext_lazy("significant drop in satisfaction"),
            model="feedback.satisfactiontarget",
            eligible=_eligible,
            candidates=_candidates,
            propose=_propose,
            measure=measure,
            on_home_page=True,  # the satisfaction alert asks the quality manager for a decision
            url=lambda target: reverse("feedback:dashboard") + f"?group=week&days=90&unit={target.unit.code}",
        )
    )
