"""What the quality module itself gives the management review (9.3.2 a, b, c 4, e, f): actions of
earlier reviews, changes of the context and the policy, nonconformities and corrective actions,
risks and opportunities. Registered from `QualityConfig.ready()`; other modules register theirs."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core.deadlines import WARSAW
from magistrat.quality import sources
from magistrat.quality.models import (
    Action,
    ContextIssue,
    ContextReview,
    InterestedParty,
    Nonconformity,
    PolicyVersion,
    QualityRisk,
)
from magistrat.quality.review_inputs import Figure, ReviewInput, register_input


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware moments: from the start of `start` to the end of `end` (local time)."""
    return datetime.combine(start, time.min, tzinfo=WARSAW), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=WARSAW
    )


def _n(value) -> str:
    return number_format(value, force_grouping=True)


def earlier_review_actions(*, start: date, end: date) -> list[Figure]:
    from magistrat.quality.services.reviews import actions_of_reviews

    actions = actions_of_reviews(before=start + timedelta(days=1))
    url = reverse("quality:review_list")
    return [
        Figure(_("Actions decided by earlier reviews"), _n(actions.count()), url),
        Figure(
            _("of which done or verified"), _n(actions.filter(state__in=["done", "verified"]).count()), url
        ),
        Figure(_("of which still open"), _n(actions.filter(state="open").count()), url),
        Figure(
            _("of which overdue at the end of the period"),
            _n(actions.open().filter(due_on__lt=end).count()),
            url,
        ),
    ]


def context_changes(*, start: date, end: date) -> list[Figure]:
    since, until = _moments(start, end)
    url = reverse("quality:context")
    return [
        Figure(
            _("Issues recorded or changed"),
            _n(ContextIssue.objects.filter(updated_at__range=(since, until)).count()),
            url,
        ),
        Figure(
            _("Interested parties recorded or changed"),
            _n(InterestedParty.objects.filter(updated_at__range=(since, until)).count()),
            url,
        ),
        Figure(
            _("Context reviews"),
            _n(ContextReview.objects.filter(reviewed_on__range=(start, end)).count()),
            url,
        ),
        Figure(
            _("Quality policy versions approved"),
            _n(PolicyVersion.objects.filter(approved_at__range=(since, until)).count()),
            reverse("quality:policy"),
        ),
    ]


def nonconformities(*, start: date, end: date) -> list[Figure]:
    since, until = _moments(start, end)
    raised = Nonconformity.objects.filter(detected_on__range=(start, end))
    url = reverse("quality:nc_list")
    figures = [Figure(_("Nonconformities detected"), _n(raised.count()), url)]
    for row in raised.values("source").annotate(n=Count("pk")).order_by("-n", "source"):
        entry = sources.source(row["source"])
        label = str(entry.label) if entry else row["source"]
        figures.append(
            Figure(_("from: %(source)s") % {"source": label}, _n(row["n"]), f"{url}?source={row['source']}")
        )
    closed = Nonconformity.objects.filter(closed_at__range=(since, until), state=Nonconformity.State.CLOSED)
    figures.append(
        Figure(_("Nonconformities closed as effective"), _n(closed.count()), f"{url}?state=closed")
    )
    overdue = Action.objects.filter(state="open", due_on__lt=end)
    figures.append(
        Figure(
            _("Actions overdue at the end of the period"),
            _n(overdue.count()),
            reverse("quality:action_list") + "?overdue=1",
        )
    )
    return figures


def risks_and_opportunities(*, start: date, end: date) -> list[Figure]:
    since, until = _moments(start, end)
    url = reverse("quality:risk_list")
    open_risks = QualityRisk.objects.open().filter(kind="risk")
    return [
        Figure(_("Open risks"), _n(open_risks.count()), f"{url}?kind=risk"),
        Figure(
            _("of which above the acceptance level"),
            _n(open_risks.filter(acceptable=False).count()),
            f"{url}?kind=risk&unacceptable=1",
        ),
        Figure(
            _("Risks and opportunities closed in the period"),
            _n(QualityRisk.objects.filter(state="closed", updated_at__range=(since, until)).count()),
            f"{url}?state=closed",
        ),
        Figure(
            _("Actions on risks and opportunities done in the period"),
            _n(
                Action.objects.filter(
                    origin_type__app_label="quality",
                    origin_type__model="qualityrisk",
                    done_at__range=(since, until),
                ).count()
            ),
            reverse("quality:action_list"),
        ),
    ]


def opportunities(*, start: date, end: date) -> list[Figure]:
    url = reverse("quality:risk_list")
    return [
        Figure(
            _("Open opportunities"),
            _n(QualityRisk.objects.open().filter(kind="opportunity").count()),
            f"{url}?kind=opportunity",
        )
    ]


def register() -> None:
    for code, clause, label, compute in (
        (
            "quality.review_actions",
            "9.3.2 a",
            gettext_lazy("Actions of earlier reviews"),
            earlier_review_actions,
        ),
        ("quality.context", "9.3.2 b", gettext_lazy("Context and policy"), context_changes),
        ("quality.nonconformities", "9.3.2 c) 4", gettext_lazy("Nonconformity register"), nonconformities),
        ("quality.risks", "9.3.2 e", gettext_lazy("Risk and opportunity register"), risks_and_opportunities),
        ("quality.opportunities", "9.3.2 f", gettext_lazy("Opportunities recorded"), opportunities),
    ):
        register_input(ReviewInput(code=code, clause=clause, label=label, compute=compute))
