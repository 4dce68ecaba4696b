"""Reads of the context, the policy and the risk and opportunity register, scoped by permission:
the quality manager sees every risk; holders of `quality.view_quality` those of their units; an
owner their own. The context and the policy are the whole office's."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from magistrat.core.riskmatrix import HeatMap, default_matrix, heat_map
from magistrat.quality.models import ContextIssue, ContextReview, InterestedParty, PolicyVersion, QualityRisk
from magistrat.quality.models.risks import RiskQuerySet
from magistrat.quality.selectors import scoped


def risks_visible(user) -> RiskQuerySet:
    return scoped(QualityRisk.objects.all(), user, Q(owner_id=user.pk))


@dataclass(frozen=True)
class RiskFilters:
    kind: str = ""
    state: str = "open"
    area: str = ""
    unit: str = ""  # unit code
    unacceptable: bool = False
    cell: tuple[int, int] | None = None  # (likelihood, impact) of the heat map
    query: str = ""


def risk_list(*, user, filters: RiskFilters = RiskFilters()) -> QuerySet[QualityRisk]:  # noqa: B008
    risks = risks_visible(user).select_related("owner", "unit", "context_issue")
    if filters.kind:
        risks = risks.filter(kind=filters.kind)
    if filters.state:
        risks = risks.filter(state=filters.state)
    if filters.area:
        risks = risks.filter(area=filters.area)
    if filters.unit:
        risks = risks.filter(unit__code=filters.unit)
    if filters.unacceptable:
        risks = risks.filter(acceptable=False)
    if filters.cell:
        risks = risks.filter(likelihood=filters.cell[0], impact=filters.cell[1])
    if filters.query:
        risks = risks.filter(Q(title__icontains=filters.query) | Q(concerns__icontains=filters.query))
    return risks.order_by("-level_rank", "title", "pk")


def risk_get(*, user, pk: int) -> QualityRisk:
    risk = risks_visible(user).select_related("owner", "unit", "context_issue").filter(pk=pk).first()
    if risk is None:
        raise Http404
    return risk


def risk_heat_maps(*, user) -> list[HeatMap]:
    """One heat map per kind (risks, opportunities) of the open records rated with the default matrix."""
    matrix = default_matrix()
    rated = (
        risks_visible(user)
        .open()
        .filter(matrix_code=matrix["code"], matrix_version=matrix["version"])
        .values("kind", "likelihood", "impact")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, Counter] = {kind: Counter() for kind in QualityRisk.Kind.values}
    for row in rated:
        counts[row["kind"]][(row["likelihood"], row["impact"])] = row["n"]
    return [heat_map(matrix, counts[kind], stage=kind) for kind in QualityRisk.Kind.values]


def context_current() -> dict:
    return {
        "issues": ContextIssue.objects.filter(active=True).order_by("kind", "category", "title"),
        "parties": InterestedParty.objects.filter(active=True).order_by("name"),
        "inactive": ContextIssue.objects.filter(active=False).count()
        + InterestedParty.objects.filter(active=False).count(),
        "review": ContextReview.objects.select_related("reviewed_by").first(),
    }


def policy_in_force() -> PolicyVersion | None:
    current = PolicyVersion.objects.filter(state=PolicyVersion.State.CURRENT)
    return current.select_related("approved_by").first()


def policy_draft_waiting() -> PolicyVersion | None:
    return PolicyVersion.objects.filter(state=PolicyVersion.State.DRAFT).select_related("drafted_by").first()


def reviews_due(*, today: date) -> dict:
    """What is due for review today or earlier: the context, policy, issues, parties (for the
    quality manager's home page)."""
    review = ContextReview.objects.first()
    policy = policy_in_force()
    return {
        "context": review is None or review.next_review_on <= today,
        "policy": policy is not None and policy.review_on <= today,
        "issues": ContextIssue.objects.filter(active=True, review_on__lte=today).count(),
        "parties": InterestedParty.objects.filter(active=True, review_on__lte=today).count(),
    }
