"""No auditor audits their own unit or their own work (ISO 9001 9.2.2 c): planning and later team
changes are refused with the reason, and nothing is saved."""

import pytest

from magistrat.audits.models import Audit, ChecklistItem
from magistrat.audits.services import audits as services
from magistrat.audits.services import programme as programme_services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.audits.conftest import audit_dates, clauses
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


def _plan(quality, programme, units, today, lead, team=(), **extra):
    start, end = audit_dates(today)
    return services.audit_plan(
        by=quality,
        programme=programme,
        title="Audit",
        units=units,
        clauses=clauses("8.5"),
        planned_start=start,
        planned_end=end,
        lead=lead,
        team=team,
        **extra,
    )


def _auditor(quality, unit, **declared):
    user = grant(StaffFactory(unit=unit).user, "internal_auditor")
    programme_services.auditor_register(by=quality, user=user, **declared)
    return user


def _nothing_saved():
    assert not Audit.objects.exists() and not ChecklistItem.objects.exists()
    assert not AuditEntry.objects.filter(action="audits.audit.planned").exists()


def test_an_auditor_may_not_audit_the_unit_they_belong_to(quality, programme, units, today):
    own = _auditor(quality, units["SA-01"])
    with pytest.raises(ServiceError, match="it is their own unit") as refused:
        _plan(quality, programme, [units["SA-01"]], today, own)
    assert refused.value.field == "lead"
    _nothing_saved()


def test_a_unit_head_may_not_audit_a_unit_below_the_one_they_head(quality, programme, units, today):
    head = _auditor(quality, units["FN"])
    units["SA"].head = head.staff
    units["SA"].save()
    with pytest.raises(ServiceError, match="SA-01: it is their own unit"):
        _plan(quality, programme, [units["SA-01"]], today, head)
    _nothing_saved()


def test_declared_own_work_is_refused(quality, programme, units, today):
    responsible = _auditor(quality, units["FN"], responsible_units=[units["SA-01"]])
    with pytest.raises(ServiceError, match="responsible for its work"):
        _plan(quality, programme, [units["SA-01"]], today, responsible)
    owner = _auditor(quality, units["FN"], responsible_processes="Registration of residents\nArchive")
    with pytest.raises(ServiceError, match="(?i)process registration of residents"):
        _plan(quality, programme, [units["SA-01"]], today, owner, process="registration of residents")
    _nothing_saved()


def test_a_team_member_is_checked_too(quality, programme, units, today, lead):
    own = _auditor(quality, units["SA-01"])
    with pytest.raises(ServiceError, match="own unit") as refused:
        _plan(quality, programme, [units["SA-01"]], today, lead, team=[own])
    assert refused.value.field == "team"
    _nothing_saved()


def test_only_registered_active_auditors_audit(quality, programme, units, today):
    stranger = StaffFactory(unit=units["FN"]).user
    with pytest.raises(ServiceError, match="not an active auditor"):
        _plan(quality, programme, [units["SA-01"]], today, stranger)
    _nothing_saved()


def test_changing_the_team_later_is_checked_and_saves_nothing_when_refused(
    quality, audit, units, lead, member
):
    own = _auditor(quality, units["SA-01"])
    with pytest.raises(ServiceError, match="own unit"):
        services.audit_set_team(audit=audit, by=quality, lead=lead, team=[member, own])
    with pytest.raises(ServiceError, match="own unit"):
        services.audit_set_team(audit=audit, by=quality, lead=own, team=[])
    audit.refresh_from_db()
    assert audit.lead == lead and set(audit.team.all()) == {member}
    assert not AuditEntry.objects.filter(action="audits.audit.team_changed").exists()
    other = _auditor(quality, units["FN"])
    services.audit_set_team(audit=audit, by=quality, lead=other, team=[lead])
    audit.refresh_from_db()
    assert audit.lead == other and set(audit.team.all()) == {lead}
    assert AuditEntry.objects.get(action="audits.audit.team_changed").actor == quality


def test_the_refusal_reads_in_polish(quality, programme, units, today):
    from django.utils import translation

    own = _auditor(quality, units["SA-01"])
    with translation.override("pl"), pytest.raises(ServiceError) as refused:
        _plan(quality, programme, [units["SA-01"]], today, own)
    assert "SA-01" in refused.value.message
