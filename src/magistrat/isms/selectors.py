"""Reads of the information security module, scoped by permission.

Holders of `isms.view_isms` see the whole register; everyone else sees what they own (the asset,
risk, task or control names them), and an object they may not see is "not found".
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.permissions import has_perm
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    Incident,
    IncidentReport,
    RiskMatrix,
    RiskScenario,
    RiskSignOff,
    TreatmentTask,
    level_of,
)
from magistrat.isms.models.risks import unsigned_risks


def visible(queryset: QuerySet, user, *, perm: str = "isms.view_isms", owner: str = "owner") -> QuerySet:
    return queryset if has_perm(user, perm) else queryset.filter(**{owner: user})


def get_visible(queryset: QuerySet, user, pk, *, perm: str = "isms.view_isms", owner: str = "owner"):
    obj = visible(queryset, user, perm=perm, owner=owner).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def asset_list(
    *, user, query: str = "", kind: str = "", classification: str = "", unit=None, review: str = ""
):
    assets = visible(Asset.objects.select_related("owner", "unit"), user)
    if query:
        assets = assets.filter(
            Q(code__icontains=query) | Q(name__icontains=query) | Q(location__icontains=query)
        )
    if kind:
        assets = assets.filter(kind=kind)
    if classification:
        assets = assets.filter(classification=classification)
    if unit:
        assets = assets.filter(unit=unit)
    if review == "due":
        assets = assets.filter(review_due__lte=timezone.localdate(), retired=False)
    elif review != "retired":
        assets = assets.filter(retired=False)
    else:
        assets = assets.filter(retired=True)
    return assets


def risk_list(
    *,
    user,
    query: str = "",
    assessment=None,
    treatment: str = "",
    owner=None,
    residual_rank: int | None = None,
    sign_off: str = "",
    asset=None,
    cell: tuple[str, int, int] | None = None,
):
    risks = visible(RiskScenario.objects.select_related("assessment", "owner"), user)
    if query:
        risks = risks.filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(threat__icontains=query)
        )
    if assessment:
        risks = risks.filter(assessment=assessment)
    if treatment:
        risks = risks.filter(treatment=treatment)
    if owner:
        risks = risks.filter(owner=owner)
    if residual_rank is not None:
        risks = risks.filter(residual_rank=residual_rank)
    if asset:
        risks = risks.filter(assets=asset)
    if cell:
        stage, likelihood, impact = cell
        risks = risks.filter(**{f"{stage}_likelihood": likelihood, f"{stage}_impact": impact})
    if sign_off == "missing":
        risks = unsigned_risks(risks)
    elif sign_off == "unacceptable":
        risks = risks.filter(residual_acceptable=False)
    return risks.prefetch_related(
        Prefetch("sign_offs", queryset=RiskSignOff.objects.filter(invalidated_at__isnull=True))
    )


@dataclass(frozen=True)
class HeatMap:
    """Counts of risks per matrix cell, for one rating stage; rows from the highest likelihood."""

    stage: str
    rows: list[tuple[str, list[tuple[int, int, int, dict]]]]  # (likelihood label, [(l, i, count, level)])
    impacts: list[str]
    total: int


def heat_maps(*, user, matrix: RiskMatrix, assessment=None) -> list[HeatMap]:
    """Inherent and residual heat maps of the risks assessed with this matrix version."""
    risks = visible(RiskScenario.objects.filter(assessment__matrix=matrix), user)
    if assessment is not None:
        risks = risks.filter(assessment=assessment)
    definition = matrix.definition
    maps = []
    for stage in ("inherent", "residual"):
        counts = Counter(
            {
                (row[f"{stage}_likelihood"], row[f"{stage}_impact"]): row["n"]
                for row in risks.values(f"{stage}_likelihood", f"{stage}_impact")
                .annotate(n=Count("pk"))
                .order_by()
            }
        )
        rows = [
            (
                label,
                [
                    (
                        likelihood,
                        impact,
                        counts.get((likelihood, impact), 0),
                        level_of(definition, likelihood, impact),
                    )
                    for impact in range(1, len(definition["impact"]) + 1)
                ],
            )
            for likelihood, label in reversed(list(enumerate(definition["likelihood"], start=1)))
        ]
        maps.append(HeatMap(stage=stage, rows=rows, impacts=definition["impact"], total=sum(counts.values())))
    return maps


def overdue_tasks(*, user):
    tasks = TreatmentTask.objects.filter(done_at__isnull=True, due_on__lt=timezone.localdate())
    if not has_perm(user, "isms.manage_isms"):
        tasks = tasks.filter(owner=user)
    return tasks.select_related("scenario", "owner").order_by("due_on")


def control_list(*, user, query: str = "", status: str = ""):
    controls = visible(AppliedControl.objects.select_related("reference", "owner", "unit"), user)
    if query:
        controls = controls.filter(Q(name__icontains=query) | Q(reference__ref__icontains=query))
    if status:
        controls = controls.filter(status=status)
    return controls.annotate(
        evidence_count=Count("evidence", distinct=True), risk_count=Count("risks", distinct=True)
    ).order_by("name", "pk")


def incident_list(*, user, query: str = "", state: str = "open", breach: bool = False):
    incidents = visible(Incident.objects.select_related("handler"), user, owner="handler")
    if query:
        incidents = incidents.filter(Q(number__icontains=query) | Q(title__icontains=query))
    if state == "open":
        incidents = incidents.filter(closed_at__isnull=True)
    elif state == "closed":
        incidents = incidents.filter(closed_at__isnull=False)
    if breach:
        incidents = incidents.filter(personal_data_breach=True)
    return incidents.prefetch_related(
        Prefetch("reports", queryset=IncidentReport.objects.order_by("submitted_at"))
    )


def owned_by(user) -> dict:
    """What the user owns in the ISMS: for their own page and the home page."""
    return {
        "assets": Asset.objects.filter(owner=user, retired=False),
        "risks": RiskScenario.objects.filter(owner=user)
        .select_related("assessment")
        .prefetch_related("sign_offs"),
        "tasks": TreatmentTask.objects.filter(owner=user, done_at__isnull=True).select_related("scenario"),
        "controls": AppliedControl.objects.filter(owner=user).select_related("reference"),
    }
