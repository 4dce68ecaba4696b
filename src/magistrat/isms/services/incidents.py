"""Writes to the incident register: registration, timeline, reports to authorities, closing."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action, set_related
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import case_number
from magistrat.core.permissions import require_may
from magistrat.isms.clocks import required_reports
from magistrat.isms.models import AppliedControl, Asset, Incident, IncidentEntry, IncidentReport, RiskScenario

# The register's key in core.numbering: its filing symbol (e.g. INC) is office configuration.
NUMBERING = "isms-incidents"


def _check(incident: Incident) -> None:
    now = timezone.now()
    if incident.detected_at > now or incident.aware_at > now:
        raise ServiceError(_("Detection and awareness cannot be in the future."), field="aware_at")
    if incident.aware_at < incident.detected_at:
        raise ServiceError(
            _("The office cannot become aware of an incident before it is detected."), field="aware_at"
        )
    if incident.personal_data_breach:
        if not incident.breach_risk:
            raise ServiceError(
                _("Assess the risk of the breach to the persons concerned."), field="breach_risk"
            )
        if incident.breach_risk == Incident.BreachRisk.UNLIKELY and not incident.not_notified_reason.strip():
            raise ServiceError(
                _("Explain why the breach is not notified to UODO (art. 33 ust. 5)."),
                field="not_notified_reason",
            )
    else:
        incident.breach_risk = ""


@transaction.atomic
def incident_save(
    *,
    incident: Incident,
    assets: Iterable[Asset] = (),
    risks: Iterable[RiskScenario] = (),
    controls: Iterable[AppliedControl] = (),
) -> Incident:
    """Register an incident (it gets the next number of its year) or change its record."""
    _check(incident)
    registering = incident.pk is None
    if incident.pk is None:
        incident.number = case_number(NUMBERING, incident.detected_at)
    clean_or_refuse(incident, exclude=("number",))
    incident.save()
    set_related(incident, "assets", assets)
    set_related(incident, "risks", risks)
    set_related(incident, "controls", controls)
    if registering:
        log_action(
            incident,
            "isms.incident.registered",
            data={
                "number": incident.number,
                "aware_at": incident.aware_at.isoformat(),
                "personal_data_breach": incident.personal_data_breach,
            },
        )
    return incident


@transaction.atomic
def incident_entry_add(
    *,
    incident: Incident,
    kind: str,
    at: datetime,
    text: str,
    by,
    owner=None,
    due_on: date | None = None,
) -> IncidentEntry:
    if at > timezone.now():
        raise ServiceError(_("A timeline entry cannot be in the future."), field="at")
    if kind == IncidentEntry.Kind.ACTION and (owner is None or due_on is None):
        raise ServiceError(_("An action needs an owner and a deadline."), field="owner")
    entry = IncidentEntry(
        incident=incident,
        kind=kind,
        at=at,
        text=text,
        owner=owner if kind == IncidentEntry.Kind.ACTION else None,
        due_on=due_on if kind == IncidentEntry.Kind.ACTION else None,
        recorded_by=by,
    )
    clean_or_refuse(entry)
    entry.save()
    log_action(
        entry,
        "isms.incident.entry_added",
        user=by,
        data={
            "number": incident.number,
            "kind": kind,
            "owner": entry.owner.get_username() if entry.owner else None,
            "due_on": entry.due_on.isoformat() if entry.due_on else None,
        },
    )
    return entry


@transaction.atomic
def incident_action_done(*, entry: IncidentEntry, user) -> IncidentEntry:
    """The action's owner (or the security officer) marks it done."""
    require_may(user, "isms.manage_isms", entry)
    if entry.kind != IncidentEntry.Kind.ACTION or entry.done_at is not None:
        raise ServiceError(_("This is not an open action."))
    entry.done_at = timezone.now()
    entry.save()
    log_action(
        entry,
        "isms.incident.action_done",
        user=user,
        data={"number": entry.incident.number, "due_on": entry.due_on.isoformat() if entry.due_on else None},
    )
    return entry


@transaction.atomic
def incident_report_record(
    *, incident: Incident, kind: str, submitted_at: datetime, reference: str = "", by
) -> IncidentReport:
    """Record that a report went to CSIRT or UODO: it stops that clock, on time or late."""
    if kind not in required_reports(incident):
        raise ServiceError(_("This incident does not require that report."), field="kind")
    if submitted_at > timezone.now() or submitted_at < incident.aware_at:
        raise ServiceError(
            _("The report must be sent after the office became aware and not in the future."),
            field="submitted_at",
        )
    if kind == IncidentReport.Kind.NIS2_FINAL:
        notification = incident.reports.filter(kind=IncidentReport.Kind.NIS2_NOTIFICATION).first()
        if notification is None or submitted_at < notification.submitted_at:
            raise ServiceError(_("The final report follows the incident notification."), field="kind")
    try:
        with transaction.atomic():
            report = IncidentReport.objects.create(
                incident=incident, kind=kind, submitted_at=submitted_at, reference=reference, submitted_by=by
            )
    except IntegrityError as exc:
        raise ServiceError(_("This report is already recorded."), field="kind") from exc
    log_action(
        report,
        "isms.incident.report_recorded",
        user=by,
        data={
            "number": incident.number,
            "kind": kind,
            "submitted_at": submitted_at.isoformat(),
            "reference": reference,
        },
    )
    return report


@transaction.atomic
def incident_close(*, incident: Incident, lessons_learned: str) -> Incident:
    if incident.closed_at is not None:
        raise ServiceError(_("The incident is already closed."))
    if not lessons_learned.strip():
        raise ServiceError(_("Record the lessons learned before closing."), field="lessons_learned")
    if incident.entries.filter(kind=IncidentEntry.Kind.ACTION, done_at__isnull=True).exists():
        raise ServiceError(_("Finish or cancel the open actions first."))
    incident.lessons_learned, incident.closed_at = lessons_learned.strip(), timezone.now()
    incident.save()
    log_action(incident, "isms.incident.closed", data={"number": incident.number})
    return incident
