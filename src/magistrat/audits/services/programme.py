"""The yearly audit programme and the auditor register: written by the quality manager
(`audits.manage_audits`), each change a named event."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.audits.models import Auditor, AuditProgramme, ProgrammeEntry, Qualification, RiskLevel
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may

MANAGE = "audits.manage_audits"


@transaction.atomic
def programme_create(*, by, year: int, objectives: str) -> AuditProgramme:
    require_may(by, MANAGE)
    if AuditProgramme.objects.filter(year=year).exists():
        raise ServiceError(_("The programme for %(year)s already exists.") % {"year": year}, field="year")
    programme = AuditProgramme(year=year, objectives=objectives.strip())
    clean_or_refuse(programme)
    programme.save()
    log_action(programme, "audits.programme.created", user=by, data={"year": year})
    return programme


@transaction.atomic
def programme_approve(*, programme: AuditProgramme, by) -> AuditProgramme:
    require_may(by, MANAGE, programme)
    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.state == AuditProgramme.State.APPROVED:
        raise ServiceError(_("The programme is already approved."))
    if not programme.entries.exists():
        raise ServiceError(_("Add the units to audit before approving the programme."))
    programme.state, programme.approved_by, programme.approved_at = (
        AuditProgramme.State.APPROVED,
        by,
        timezone.now(),
    )
    programme.save()
    log_action(
        programme,
        "audits.programme.approved",
        user=by,
        data={"year": programme.year, "audits_planned": programme.entries.count()},
    )
    return programme


@transaction.atomic
def entry_add(
    *, programme: AuditProgramme, by, unit, risk: str, process: str = "", rationale: str = ""
) -> ProgrammeEntry:
    require_may(by, MANAGE, programme)
    if risk not in RiskLevel.values:
        raise ServiceError(_("Choose the risk level."), field="risk")
    entry = ProgrammeEntry(
        programme=programme, unit=unit, process=process.strip(), risk=risk, rationale=rationale.strip()
    )
    if ProgrammeEntry.objects.filter(programme=programme, unit=unit, process=entry.process).exists():
        raise ServiceError(_("This unit and process are already in the programme."), field="unit")
    clean_or_refuse(entry, exclude=("programme",))
    entry.save()
    log_action(
        entry,
        "audits.programme.entry_added",
        user=by,
        data={
            "year": programme.year,
            "unit": unit.code,
            "process": entry.process,
            "risk_level": entry.get_risk_display(),
        },
    )
    return entry


@transaction.atomic
def entry_remove(*, entry: ProgrammeEntry, by) -> None:
    require_may(by, MANAGE, entry.programme)
    data = {"year": entry.programme.year, "unit": entry.unit.code, "process": entry.process}
    log_action(entry.programme, "audits.programme.entry_removed", user=by, data=data)
    entry.delete()


@transaction.atomic
def auditor_register(*, by, user, responsible_units=(), responsible_processes: str = "") -> Auditor:
    require_may(by, MANAGE)
    if Auditor.objects.filter(user=user).exists():
        raise ServiceError(_("This person is already in the auditor register."), field="user")
    auditor = Auditor(user=user, responsible_processes=responsible_processes.strip())
    clean_or_refuse(auditor, exclude=("user",))
    try:
        with transaction.atomic():
            auditor.save()
    except IntegrityError:
        raise ServiceError(_("This person is already in the auditor register."), field="user") from None
    auditor.responsible_units.set(responsible_units)
    log_action(auditor, "audits.auditor.registered", user=by, data=_auditor_data(auditor))
    return auditor


@transaction.atomic
def auditor_update(
    *, auditor: Auditor, by, responsible_units=(), responsible_processes: str = "", is_active: bool = True
) -> Auditor:
    require_may(by, MANAGE, auditor)
    auditor.responsible_processes, auditor.is_active = responsible_processes.strip(), is_active
    clean_or_refuse(auditor, exclude=("user",))
    auditor.save()
    auditor.responsible_units.set(responsible_units)
    log_action(auditor, "audits.auditor.updated", user=by, data=_auditor_data(auditor))
    return auditor


def _auditor_data(auditor: Auditor) -> dict:
    return {
        "person": str(auditor),
        "units": sorted(auditor.responsible_units.values_list("code", flat=True)),
        "processes": auditor.responsible_processes,
        "active": auditor.is_active,
    }


@transaction.atomic
def qualification_add(
    *, auditor: Auditor, by, title: str, standards: str, obtained_on: date, valid_until: date | None = None
) -> Qualification:
    require_may(by, MANAGE, auditor)
    if obtained_on > timezone.localdate():
        raise ServiceError(_("The date obtained cannot be in the future."), field="obtained_on")
    qualification = Qualification(
        auditor=auditor,
        title=title.strip(),
        standards=standards.strip(),
        obtained_on=obtained_on,
        valid_until=valid_until,
    )
    clean_or_refuse(qualification, exclude=("auditor",))
    qualification.save()
    log_action(
        auditor,
        "audits.auditor.qualification_added",
        user=by,
        data={
            "title": qualification.title,
            "standards": qualification.standards,
            "obtained_on": obtained_on.isoformat(),
        },
    )
    return qualification
