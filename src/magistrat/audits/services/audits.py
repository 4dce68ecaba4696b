"""An audit's life: planned (with the independence check) → in progress (checklist answers,
findings) → reported → acknowledged by each audited unit's head → closed. Each step a named event.

The quality manager (`audits.manage_audits`) plans audits and changes their teams; the assigned
auditors (`audits.conduct_audits`, lead or team) answer the checklist, record findings and report;
the head of an audited unit acknowledges its findings; the quality manager closes the audit.
Findings that are nonconformities open a record in the quality register (`audits/nc_source.py`).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.audits import independence
from magistrat.audits.models import (
    Acknowledgement,
    Audit,
    Auditor,
    AuditProgramme,
    ChecklistItem,
    Clause,
    Finding,
)
from magistrat.audits.nc_source import open_nonconformity
from magistrat.audits.permissions import may_acknowledge
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import may, require_may

MANAGE = "audits.manage_audits"
CONDUCT = "audits.conduct_audits"
State = Audit.State


def _person(user) -> str:
    return user.get_full_name() or user.username


def _check_team(*, lead, team, unit_ids: set[int], process: str) -> list:
    """The audit team: registered, active auditors, each independent of the audited units and process."""
    members = [lead, *[user for user in team if user.pk != lead.pk]]
    active = set(Auditor.objects.filter(is_active=True, user__in=members).values_list("user_id", flat=True))
    for user in members:
        if user.pk not in active:
            raise ServiceError(
                _("%(person)s is not an active auditor in the register.") % {"person": _person(user)},
                field="lead" if user.pk == lead.pk else "team",
            )
    for user in members:
        reasons = independence.conflicts(user, unit_ids, process)
        if reasons:
            raise ServiceError(" ".join(reasons), field="lead" if user.pk == lead.pk else "team")
    return members[1:]


@transaction.atomic
def audit_plan(
    *,
    by,
    programme: AuditProgramme,
    title: str,
    units,
    clauses,
    planned_start: date,
    planned_end: date,
    lead,
    team=(),
    scope: str = "",
    process: str = "",
) -> Audit:
    """Plan an audit of the programme; its checklist holds one question per chosen clause."""
    require_may(by, MANAGE, programme)
    units, clauses = list(units), list(clauses)
    if not units:
        raise ServiceError(_("Choose the units to audit."), field="units")
    if not clauses:
        raise ServiceError(_("Choose the criteria: at least one clause."), field="clauses")
    if planned_start.year != programme.year:
        raise ServiceError(
            _("The audit must start in the programme's year (%(year)s).") % {"year": programme.year},
            field="planned_start",
        )
    team = _check_team(lead=lead, team=team, unit_ids={u.pk for u in units}, process=process)
    audit = Audit(
        programme=programme,
        title=title.strip(),
        scope=scope.strip(),
        process=process.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        lead=lead,
    )
    clean_or_refuse(audit, exclude=("programme", "lead"))
    audit.save()
    audit.units.set(units)
    audit.criteria.set(clauses)
    audit.team.set(team)
    ordered = Clause.objects.filter(pk__in=[c.pk for c in clauses]).select_related("catalogue")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            audit=audit,
            clause=clause,
            question=(
                _("How does the unit meet %(ref)s %(title)s?") % {"ref": clause.ref, "title": clause.title}
            )[:500],
            position=index,
        )
        for index, clause in enumerate(ordered.order_by("catalogue__code", "position"))
    )
    log_action(audit, "audits.audit.planned", user=by, data=_plan_data(audit))
    return audit


def _plan_data(audit: Audit) -> dict:
    return {
        "title": audit.title,
        "units": sorted(audit.units.values_list("code", flat=True)),
        "lead": _person(audit.lead),
        "team": sorted(_person(u) for u in audit.team.all()),
        "planned_start": audit.planned_start.isoformat(),
        "planned_end": audit.planned_end.isoformat(),
        "criteria": audit.criteria.count(),
    }


def _locked(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().get(pk=audit.pk)


@transaction.atomic
def audit_set_team(*, audit: Audit, by, lead, team=()) -> Audit:
    """Change the lead auditor or the team; the independence check applies again."""
    require_may(by, MANAGE, audit)
    audit = _locked(audit)
    if audit.state not in (State.PLANNED, State.IN_PROGRESS):
        raise ServiceError(_("The team of a reported or closed audit cannot change."))
    team = _check_team(lead=lead, team=team, unit_ids=audit.unit_ids(), process=audit.process)
    audit.lead = lead
    audit.save()
    audit.team.set(team)
    log_action(
        audit,
        "audits.audit.team_changed",
        user=by,
        data={"lead": _person(lead), "team": sorted(_person(u) for u in team)},
    )
    return audit


def _require_conduct(by, audit: Audit) -> None:
    if not (may(by, CONDUCT, audit) or may(by, MANAGE, audit)):
        raise PermissionDenied


@transaction.atomic
def audit_start(*, audit: Audit, by) -> Audit:
    _require_conduct(by, audit)
    audit = _locked(audit)
    if audit.state != State.PLANNED:
        raise ServiceError(_("Only a planned audit can be started."))
    audit.state = State.IN_PROGRESS
    audit.save()
    log_action(audit, "audits.audit.started", user=by, data={"title": audit.title})
    return audit


@transaction.atomic
def checklist_answer(*, item: ChecklistItem, by, result: str, evidence: str = "") -> ChecklistItem:
    _require_conduct(by, item.audit)
    item.audit = _locked(item.audit)
    if item.audit.state != State.IN_PROGRESS:
        raise ServiceError(_("The checklist is answered while the audit is in progress."))
    if result not in ChecklistItem.Result.values:
        raise ServiceError(_("Choose the result."), field="result")
    item.result, item.evidence = result, evidence.strip()
    clean_or_refuse(item, exclude=("audit", "clause"))
    item.save()
    log_action(
        item.audit,
        "audits.checklist.answered",
        user=by,
        data={"clause": item.clause.ref, "result": item.get_result_display(), "evidence": item.evidence},
    )
    return item


def _check_clause(audit: Audit, clause) -> None:
    if clause is not None and not audit.criteria.filter(pk=clause.pk).exists():
        raise ServiceError(_("Choose a clause among the audit's criteria."), field="clause")


@transaction.atomic
def finding_record(
    *, audit: Audit, by, kind: str, unit, description: str, clause=None, evidence: str = ""
) -> Finding:
    """Record a finding; a major or minor nonconformity opens a record in the quality register."""
    _require_conduct(by, audit)
    audit = _locked(audit)
    if audit.state != State.IN_PROGRESS:
        raise ServiceError(_("Findings are recorded while the audit is in progress."))
    if kind not in Finding.Kind.values:
        raise ServiceError(_("Choose the type of finding."), field="kind")
    if unit is None or unit.pk not in audit.unit_ids():
        raise ServiceError(_("Choose one of the audited units."), field="unit")
    _check_clause(audit, clause)
    number = (audit.findings.aggregate(last=Max("number"))["last"] or 0) + 1
    finding = Finding(
        audit=audit,
        number=number,
        kind=kind,
        unit=unit,
        clause=clause,
        description=description.strip(),
        evidence=evidence.strip(),
        recorded_by=by,
    )
    clean_or_refuse(finding, exclude=("audit", "recorded_by"))
    finding.save()
    log_action(finding, "audits.finding.recorded", user=by, data=_finding_data(finding))
    if finding.is_nonconformity:
        open_nonconformity(finding, by=by)
    return finding


def _finding_data(finding: Finding) -> dict:
    return {
        "audit": finding.audit.title,
        "number": finding.number,
        "type": finding.get_kind_display(),
        "clause": finding.clause.label if finding.clause else "",
        "unit": finding.unit.code,
    }


@transaction.atomic
def finding_update(
    *, finding: Finding, by, kind: str, description: str, clause=None, evidence: str = ""
) -> Finding:
    """Correct a finding before the report; one that becomes a nonconformity opens its record."""
    _require_conduct(by, finding.audit)
    finding.audit = _locked(finding.audit)
    if finding.audit.state != State.IN_PROGRESS:
        raise ServiceError(_("Findings are changed while the audit is in progress."))
    if kind not in Finding.Kind.values:
        raise ServiceError(_("Choose the type of finding."), field="kind")
    _check_clause(finding.audit, clause)
    finding.kind, finding.clause = kind, clause
    finding.description, finding.evidence = description.strip(), evidence.strip()
    clean_or_refuse(finding, exclude=("audit", "recorded_by"))
    finding.save()
    log_action(finding, "audits.finding.updated", user=by, data=_finding_data(finding))
    if finding.is_nonconformity:
        open_nonconformity(finding, by=by)
    return finding


@transaction.atomic
def audit_report(*, audit: Audit, by, summary: str) -> Audit:
    """The lead auditor (or the quality manager) reports: every checklist question answered and
    every finding referring to a clause."""
    _require_conduct(by, audit)
    audit = _locked(audit)
    if audit.state != State.IN_PROGRESS:
        raise ServiceError(_("Only an audit in progress can be reported."))
    if not summary.strip():
        raise ServiceError(_("Write the audit's conclusions."), field="summary")
    unanswered = audit.checklist.filter(result="").count()
    if unanswered:
        raise ServiceError(
            _("Answer every checklist question before reporting (%(count)d unanswered).")
            % {"count": unanswered}
        )
    if audit.findings.filter(clause__isnull=True).exists():
        raise ServiceError(_("Every finding must refer to a clause before the audit is reported."))
    audit.state, audit.summary, audit.reported_at = State.REPORTED, summary.strip(), timezone.now()
    clean_or_refuse(audit, exclude=("programme", "lead"))
    audit.save()
    counts = {kind.label: audit.findings.filter(kind=kind).count() for kind in Finding.Kind}
    log_action(
        audit,
        "audits.audit.reported",
        user=by,
        data={"title": audit.title, "findings": {str(k): v for k, v in counts.items() if v}},
    )
    return audit


@transaction.atomic
def findings_acknowledge(*, audit: Audit, unit, by, comment: str = "") -> Acknowledgement:
    """The audited unit's head acknowledges the reported findings of their unit."""
    if not may_acknowledge(by, audit, unit):
        raise PermissionDenied
    audit = _locked(audit)
    if audit.state != State.REPORTED:
        raise ServiceError(_("Findings are acknowledged once the audit is reported."))
    if audit.acknowledgements.filter(unit=unit).exists():
        raise ServiceError(_("The findings of %(unit)s are already acknowledged.") % {"unit": unit.code})
    ack = Acknowledgement(audit=audit, unit=unit, acknowledged_by=by, comment=comment.strip())
    clean_or_refuse(ack, exclude=("audit", "unit", "acknowledged_by"))
    ack.save()
    log_action(
        audit,
        "audits.findings.acknowledged",
        user=by,
        data={
            "unit": unit.code,
            "comment": ack.comment,
            "findings": audit.findings.filter(unit=unit).count(),
        },
    )
    return ack


def unacknowledged_units(audit: Audit):
    from magistrat.org.models import Unit

    done = audit.acknowledgements.values("unit_id")
    return Unit.objects.filter(pk__in=audit.unit_ids()).exclude(pk__in=done).order_by("code")


@transaction.atomic
def audit_close(*, audit: Audit, by) -> Audit:
    require_may(by, MANAGE, audit)
    audit = _locked(audit)
    if audit.state != State.REPORTED:
        raise ServiceError(_("Only a reported audit can be closed."))
    waiting = list(unacknowledged_units(audit).values_list("code", flat=True))
    if waiting:
        raise ServiceError(
            _("The audit cannot be closed before the audited units acknowledge the findings (%(units)s).")
            % {"units": ", ".join(waiting)}
        )
    audit.state, audit.closed_at = State.CLOSED, timezone.now()
    audit.save()
    log_action(audit, "audits.audit.closed", user=by, data={"title": audit.title})
    return audit


def eligible_auditors():
    return get_user_model().objects.filter(auditor__is_active=True).order_by("last_name", "first_name")
