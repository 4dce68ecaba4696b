"""The audit programme and the auditor register: drafted, units with risk levels, approved by the
quality manager; coverage and overdue flags (ISO 19011 monitoring); refusals save nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.audits import selectors
from magistrat.audits.audit_actions import ACTIONS
from magistrat.audits.models import Auditor, AuditProgramme, ProgrammeEntry, Qualification
from magistrat.audits.services import audits as audit_services
from magistrat.audits.services import programme as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.audits.conftest import audit_dates, clauses

pytestmark = pytest.mark.django_db


def test_the_quality_manager_drafts_fills_and_approves_a_programme(quality, units, today):
    programme = services.programme_create(by=quality, year=today.year, objectives="QMS and ISMS.")
    services.entry_add(
        programme=programme, by=quality, unit=units["SA-01"], risk="high", process="Registration"
    )
    services.programme_approve(programme=programme, by=quality)
    programme.refresh_from_db()
    assert programme.state == AuditProgramme.State.APPROVED and programme.approved_by == quality
    actions = list(
        AuditEntry.objects.filter(action__in=ACTIONS).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "audits.programme.created",
        "audits.programme.entry_added",
        "audits.programme.approved",
    ]
    entry = AuditEntry.objects.get(action="audits.programme.entry_added")
    assert entry.data["unit"] == "SA-01" and entry.data["risk_level"] == "high" and entry.actor == quality


def test_refusals_save_nothing(quality, units, today, clerk):
    programme = services.programme_create(by=quality, year=today.year, objectives="QMS.")
    with pytest.raises(ServiceError, match="already exists"):
        services.programme_create(by=quality, year=today.year, objectives="Again.")
    with pytest.raises(ServiceError, match="Add the units"):
        services.programme_approve(programme=programme, by=quality)
    services.entry_add(programme=programme, by=quality, unit=units["FN"], risk="low")
    with pytest.raises(ServiceError, match="already in the programme"):
        services.entry_add(programme=programme, by=quality, unit=units["FN"], risk="high")
    with pytest.raises(ServiceError, match="risk level"):
        services.entry_add(programme=programme, by=quality, unit=units["SA"], risk="extreme")
    with pytest.raises(PermissionDenied):
        services.entry_add(programme=programme, by=clerk.user, unit=units["SA"], risk="low")
    assert ProgrammeEntry.objects.count() == 1 and AuditProgramme.objects.count() == 1


def test_risk_sets_the_frequency_and_unaudited_units_are_flagged_overdue(quality, units, lead, today):
    year = today.year
    last = services.programme_create(by=quality, year=year - 1, objectives="Last year.")
    services.entry_add(programme=last, by=quality, unit=units["FN"], risk="low")
    current = services.programme_create(by=quality, year=year, objectives="This year.")
    for code, risk in (("SA-01", "high"), ("FN", "low"), ("SA", "medium")):
        services.entry_add(programme=current, by=quality, unit=units[code], risk=risk)
    # FN was audited (reported) last year: with a low risk it is due again in three years.
    audit = audit_services.audit_plan(
        by=quality,
        programme=last,
        title="Finance",
        units=[units["FN"]],
        clauses=clauses("9.2"),
        planned_start=date(year - 1, 6, 1),
        planned_end=date(year - 1, 6, 2),
        lead=grant_independent(quality, units),
    )
    audit_services.audit_start(audit=audit, by=quality)
    audit_services.checklist_answer(item=audit.checklist.get(), by=quality, result="conforms")
    audit_services.audit_report(audit=audit, by=quality, summary="Fine.")
    start, end = audit_dates(today)
    audit_services.audit_plan(
        by=quality,
        programme=current,
        title="Registration",
        units=[units["SA-01"]],
        clauses=clauses("8.5"),
        planned_start=start,
        planned_end=end,
        lead=lead,
    )
    status = {s.entry.unit.code: s for s in selectors.programme_status(current, today=today)}
    assert status["SA-01"].covered and not status["SA-01"].overdue
    assert status["FN"].last_audited == date(year - 1, 6, 2) and status["FN"].due_year == year + 2
    assert not status["FN"].overdue
    assert status["SA"].overdue and status["SA"].due_year == year  # never audited, nothing planned
    assert selectors.coverage(list(status.values())) == (1, 2)
    # A planned audit whose end has passed without a report is late.
    later = selectors.programme_status(current, today=end + timedelta(days=1))
    assert next(s for s in later if s.entry.unit.code == "SA-01").late


def grant_independent(quality, units):
    """An auditor of SA-01 for an audit of FN."""
    from tests.factories import StaffFactory, grant

    user = grant(StaffFactory(unit=units["SA-01"]).user, "internal_auditor")
    services.auditor_register(by=quality, user=user)
    return user


def test_auditor_register_with_qualifications(quality, units, today):
    from tests.factories import StaffFactory

    user = StaffFactory(unit=units["SA"]).user
    auditor = services.auditor_register(by=quality, user=user, responsible_units=[units["FN"]])
    services.qualification_add(
        auditor=auditor, by=quality, title="Lead auditor course", standards="ISO 9001", obtained_on=today
    )
    assert Qualification.objects.get().auditor == auditor
    assert AuditEntry.objects.filter(action="audits.auditor.qualification_added", actor=quality).exists()
    with pytest.raises(ServiceError, match="already in the auditor register"):
        services.auditor_register(by=quality, user=user)
    with pytest.raises(ServiceError, match="future"):
        services.qualification_add(
            auditor=auditor,
            by=quality,
            title="X",
            standards="ISO 9001",
            obtained_on=today + timedelta(days=1),
        )
    with pytest.raises(ServiceError, match="expire before"):
        services.qualification_add(
            auditor=auditor,
            by=quality,
            title="X",
            standards="ISO 9001",
            obtained_on=today,
            valid_until=today - timedelta(days=1),
        )
    assert Auditor.objects.count() == 1 and Qualification.objects.count() == 1
