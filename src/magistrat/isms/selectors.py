"""Reads of the information security module, scoped by permission.

Holders of `isms.view_isms` see the whole register; everyone else sees what they own (the asset,
risk, task or control names them), and an object they may not see is "not found".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from magistrat.core.collation import order_by_name
from magistrat.core.permissions import get_for, has_perm
from magistrat.core.riskmatrix import HeatMap, heat_map
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    DataSubjectRequest,
    Incident,
    IncidentReport,
    RiskMatrix,
    RiskScenario,
    RiskSignOff,
    SoaEntry,
    SoaVersion,
    TreatmentTask,
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


def heat_maps(*, user, matrix: RiskMatrix, assessment=None) -> list[HeatMap]:
    """Inherent and residual heat maps of the risks assessed with this matrix version."""
    risks = visible(RiskScenario.objects.filter(assessment__matrix=matrix), user)
    if assessment is not None:
        risks = risks.filter(assessment=assessment)
    maps = []
    for stage in ("inherent", "residual"):
        cells = risks.values(f"{stage}_likelihood", f"{stage}_impact").annotate(n=Count("pk")).order_by()
        counts = {(row[f"{stage}_likelihood"], row[f"{stage}_impact"]): row["n"] for row in cells}
        maps.append(heat_map(matrix.definition, counts, stage=stage))
    return maps


# Treatment tasks, reviews and checks count as due soon this many days before their date.
SOON_DAYS = 7


def task_deadlines(*, user, today: date | None = None) -> QuerySet[TreatmentTask]:
    """Open treatment tasks due within SOON_DAYS or overdue that the user must see: their own, and
    for those who oversee the ISMS (isms.view_isms: the security officer, leadership, auditors)
    every overdue task of the office. The one query behind the overview, the home pages and the
    daily reminder, so that everybody sees the same overdue figures."""
    today = today or timezone.localdate()
    tasks = TreatmentTask.objects.filter(done_at__isnull=True, due_on__lte=today + timedelta(days=SOON_DAYS))
    if has_perm(user, "isms.view_isms"):
        tasks = tasks.filter(Q(owner=user) | Q(due_on__lt=today))
    elif getattr(user, "is_authenticated", False):
        tasks = tasks.filter(owner=user)
    else:
        tasks = tasks.none()
    return tasks.select_related("scenario", "owner").order_by("due_on", "pk")


def overdue_tasks(*, user, today: date | None = None) -> QuerySet[TreatmentTask]:
    """The overdue treatment tasks the user sees (office-wide for overseers, else their own)."""
    today = today or timezone.localdate()
    return task_deadlines(user=user, today=today).filter(due_on__lt=today)


def control_list(*, user, query: str = "", status: str = ""):
    controls = visible(AppliedControl.objects.select_related("reference", "owner", "unit"), user)
    if query:
        controls = controls.filter(Q(name__icontains=query) | Q(reference__ref__icontains=query))
    if status:
        controls = controls.filter(status=status)
    return order_by_name(
        controls.annotate(
            evidence_count=Count("evidence", distinct=True), risk_count=Count("risks", distinct=True)
        ),
        "name",
    )


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


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ControlChange:
    ref: str
    title: dict
    state: str  # "changed", "added" or "removed"
    fields: list[FieldChange]


@dataclass(frozen=True)
class SoaDiff:
    """What a version changes against the last version approved before it, control by control."""

    base: SoaVersion
    changes: list[ControlChange]
    unchanged: int


def _soa_fields(entry: SoaEntry) -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [
        (_("applicable"), _("yes") if entry.applicable else _("no")),
        (_("reasons for inclusion"), ", ".join(entry.reason_labels())),
        (_("justification"), entry.justification),
        (_("implementation"), str(entry.get_implementation_display())),
        (_("owner"), entry.owners),
        (
            _("applied controls"),
            "; ".join(
                f"{c['name']} ({AppliedControl.Status(c['status']).label})"
                if c.get("status") in AppliedControl.Status.values
                else c["name"]
                for c in entry.applied_controls
            ),
        ),
        (_("risks"), ", ".join(r["code"] for r in entry.linked_risks)),
        (_("evidence"), "; ".join(f"{e['title']} (r{e['revision']})" for e in entry.linked_evidence)),
    ]


def soa_diff(version: SoaVersion) -> SoaDiff | None:
    """The changes of `version` against the last version approved before it (None for the first).

    Leadership approving a new version sees what it would change: applicability, reasons,
    justification, implementation, owners, applied controls, risks and evidence of each control."""
    base = (
        SoaVersion.objects.filter(approved_at__isnull=False, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if base is None:
        return None
    before = {e.control.ref: e for e in base.entries.select_related("control")}
    after = {e.control.ref: e for e in version.entries.select_related("control")}
    positions = {ref: e.control.position for ref, e in (before | after).items()}
    changes, unchanged = [], 0
    for ref in sorted(before.keys() | after.keys(), key=lambda r: (positions[r], r)):
        old, new = before.get(ref), after.get(ref)
        if old is None or new is None:
            entry = new or old
            assert entry is not None
            fields = [
                FieldChange(label, "" if new else value, value if new else "")
                for label, value in _soa_fields(entry)
            ]
            changes.append(ControlChange(ref, entry.control.title, "added" if new else "removed", fields))
            continue
        fields = [
            FieldChange(label, was, now)
            for (label, was), (_label, now) in zip(_soa_fields(old), _soa_fields(new), strict=True)
            if was != now
        ]
        if fields:
            changes.append(ControlChange(ref, new.control.title, "changed", fields))
        else:
            unchanged += 1
    return SoaDiff(base=base, changes=changes, unchanged=unchanged)


# Data subject requests (GDPR art. 12–22): the data protection officer's register, office-wide.


def dsr_list(*, state: str = "open"):
    """The requests in a state ("open", "unassigned", "closed", anything else: all)."""
    return DataSubjectRequest.objects.select_related("handler", "activity").in_state(state)


def dsr_get(*, user, pk: int):
    """A request the user may open (`may` with isms.view_gdpr), else 404."""
    requests = DataSubjectRequest.objects.select_related("handler", "activity")
    return get_for(user, "isms.view_gdpr", requests, pk=pk)
