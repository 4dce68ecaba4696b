"""The audits' read API (`/api/v1/audits/…`): audits and their findings, narrowed like the pages
(`audits/selectors.py`: the audited units' viewers, the audit team, the quality manager)."""

from datetime import date, datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from magistrat.api.pagination import Pagination
from magistrat.api.permissions import requires
from magistrat.api.schemas import SIGNED_IN, Id, Text, with_errors
from magistrat.audits import selectors
from magistrat.audits.models import Audit, Finding

router = Router(tags=["audits"])


class AuditOut(Schema):
    id: int
    year: int
    title: str
    process: str
    state: str
    state_label: str
    units: list[str]
    planned_start: date
    planned_end: date
    lead: str
    team: list[str]
    criteria: list[str]
    reported_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_year(obj):
        return obj.programme.year

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_units(obj):
        return sorted(u.code for u in obj.units.all())

    @staticmethod
    def resolve_lead(obj):
        return obj.lead.get_full_name() or obj.lead.username

    @staticmethod
    def resolve_team(obj):
        return [u.get_full_name() or u.username for u in obj.team.all()]

    @staticmethod
    def resolve_criteria(obj):
        return [f"{c.catalogue.code} {c.ref}" for c in obj.criteria.all()]


class FindingOut(Schema):
    id: int
    audit_id: int
    audit: str
    number: int
    kind: str
    kind_label: str
    clause: str | None
    unit: str
    description: str
    evidence: str

    @staticmethod
    def resolve_audit(obj):
        return obj.audit.title

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_clause(obj):
        return f"{obj.clause.catalogue.code} {obj.clause.ref}" if obj.clause_id else None

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code


@router.get(
    "/audits",
    response=with_errors({200: list[AuditOut]}, *SIGNED_IN, 422),
    summary="Internal audits visible to the caller (audited units' viewers, the team, the quality manager)",
)
@paginate(Pagination)
@requires("audits.view_audits")
def audit_list(request, year: int | None = None, state: Text = "", id: Id | None = None):  # noqa: A002
    audits = selectors.audits_visible(user=request.auth).select_related("programme", "lead")
    if year is not None:
        audits = audits.filter(programme__year=year)
    if state in Audit.State.values:
        audits = audits.filter(state=state)
    if id is not None:
        audits = audits.filter(pk=id)
    return audits.prefetch_related("units", "team", "criteria__catalogue").order_by("planned_start", "pk")


@router.get(
    "/findings",
    response=with_errors({200: list[FindingOut]}, *SIGNED_IN, 422),
    summary="Audit findings visible to the caller",
)
@paginate(Pagination)
@requires("audits.view_audits")
def finding_list(request, audit: Id | None = None, kind: Text = ""):
    findings = selectors.findings_visible(user=request.auth)
    if audit is not None:
        findings = findings.filter(audit_id=audit)
    if kind in Finding.Kind.values:
        findings = findings.filter(kind=kind)
    return findings.order_by("audit_id", "number")
