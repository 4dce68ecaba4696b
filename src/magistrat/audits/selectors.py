"""Reads of the audits module, narrowed by permission (`core.permissions.unit_scope`)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from magistrat.audits.independence import headed_subtree
from magistrat.audits.models import Audit, AuditProgramme, Finding, ProgrammeEntry
from magistrat.core.permissions import has_perm, may, unit_scope
from magistrat.org.models import Unit

VIEW = "audits.view_audits"
MANAGE = "audits.manage_audits"


def audits_visible(*, user) -> QuerySet[Audit]:
    """Audits of the user's units, the audits they conduct, and every audit for the managers."""
    audits = Audit.objects.all()
    if has_perm(user, MANAGE):
        return audits
    scope = unit_scope(user, VIEW)
    team = Q(lead=user) | Q(team=user)
    if scope is None:
        return audits
    return audits.filter(team | Q(units__in=scope)).distinct()


def audit_get(*, user, pk: int) -> Audit:
    audit = get_object_or_404(Audit.objects.select_related("programme", "lead"), pk=pk)
    if not may(user, VIEW, audit):
        raise Http404
    return audit


def finding_get(*, user, pk: int) -> Finding:
    finding = get_object_or_404(
        Finding.objects.select_related("audit", "clause__catalogue", "unit", "recorded_by"), pk=pk
    )
    if not may(user, VIEW, finding):
        raise Http404
    return finding


def findings_visible(*, user) -> QuerySet[Finding]:
    findings = Finding.objects.select_related("audit", "clause__catalogue", "unit")
    if has_perm(user, MANAGE):
        return findings
    scope = unit_scope(user, VIEW)
    if scope is None:
        return findings
    team = Q(audit__lead=user) | Q(audit__team=user)
    return findings.filter(team | Q(unit__in=scope)).distinct()


def my_audits(*, user) -> QuerySet[Audit]:
    return (
        Audit.objects.filter(Q(lead=user) | Q(team=user))
        .distinct()
        .select_related("programme", "lead")
        .order_by("-planned_start")
    )


def upcoming_audits(*, user, today: date) -> QuerySet[Audit]:
    """Audits the user conducts that have not been reported yet."""
    return (
        my_audits(user=user)
        .filter(state__in=(Audit.State.PLANNED, Audit.State.IN_PROGRESS))
        .order_by("planned_start")
    )


def to_acknowledge(*, user) -> list[tuple[Audit, Unit]]:
    """(audit, unit) pairs of reported audits whose findings wait for this unit head."""
    headed = headed_subtree(user)
    if not headed:
        return []
    pairs: list[tuple[Audit, Unit]] = []
    audits = (
        Audit.objects.filter(state=Audit.State.REPORTED, units__in=headed).distinct().order_by("reported_at")
    )
    for audit in audits.prefetch_related("units", "acknowledgements"):
        done = {ack.unit_id for ack in audit.acknowledgements.all()}
        pairs += [(audit, unit) for unit in audit.units.all() if unit.pk in headed and unit.pk not in done]
    return pairs


@dataclass(frozen=True)
class EntryStatus:
    """ISO 19011 5.5 monitoring of one programme entry."""

    entry: ProgrammeEntry
    last_audited: date | None
    due_year: int
    audits: list[Audit]
    overdue: bool  # due this year or earlier and no audit of it in the programme
    late: bool  # its audit in the programme should have ended and is not reported

    @property
    def covered(self) -> bool:
        return bool(self.audits)


def programme_status(programme: AuditProgramme, *, today: date) -> list[EntryStatus]:
    entries = list(programme.entries.select_related("unit"))
    audits = list(
        Audit.objects.filter(units__in=[e.unit_id for e in entries])
        .select_related("programme")
        .prefetch_related("units")
        .order_by("planned_start")
        .distinct()
    )
    statuses = []
    for entry in entries:
        of_unit = [a for a in audits if entry.unit_id in {u.pk for u in a.units.all()}]
        if entry.process:
            of_unit = [
                a for a in of_unit if not a.process or a.process.casefold() == entry.process.casefold()
            ]
        done = [
            a.planned_end
            for a in of_unit
            if a.state in (Audit.State.REPORTED, Audit.State.CLOSED) and a.programme.year < programme.year
        ]
        last = max(done) if done else None
        due_year = last.year + entry.frequency_years if last else programme.year
        this_year = [a for a in of_unit if a.programme_id == programme.pk]
        late = any(
            a.planned_end < today and a.state in (Audit.State.PLANNED, Audit.State.IN_PROGRESS)
            for a in this_year
        )
        statuses.append(
            EntryStatus(
                entry=entry,
                last_audited=last,
                due_year=due_year,
                audits=this_year,
                overdue=due_year <= programme.year and not this_year,
                late=late,
            )
        )
    return statuses


def coverage(statuses: list[EntryStatus]) -> tuple[int, int]:
    """(entries due this year with an audit planned, entries due this year)."""
    due = [s for s in statuses if s.due_year <= s.entry.programme.year]
    return sum(1 for s in due if s.covered), len(due)
