"""People and records of the audits tests: the quality manager, two internal auditors of FN, the
head of SA-01 (the audited unit) and an approved programme of this year."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.audits.models import Clause
from magistrat.audits.services import audits as audit_services
from magistrat.audits.services import programme as programme_services
from tests.factories import StaffFactory, grant


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _auditor(unit, manager):
    user = grant(StaffFactory(unit=unit).user, "internal_auditor")
    programme_services.auditor_register(by=manager, user=user)
    return user


@pytest.fixture
def lead(units, quality):
    return _auditor(units["FN"], quality)


@pytest.fixture
def member(units, quality):
    return _auditor(units["FN"], quality)


@pytest.fixture
def head(units):
    """The head of SA-01 (unit.head), with the unit-head role for it."""
    staff = StaffFactory(unit=units["SA-01"])
    grant(staff.user, "unit_head", units["SA-01"])
    units["SA-01"].head = staff
    units["SA-01"].save()
    return staff.user


@pytest.fixture
def programme(quality, units, today):
    programme = programme_services.programme_create(by=quality, year=today.year, objectives="Check the QMS.")
    programme_services.entry_add(programme=programme, by=quality, unit=units["SA-01"], risk="high")
    return programme


def clauses(*refs, code="iso9001"):
    return [Clause.objects.get(catalogue__code=code, ref=ref) for ref in refs]


def audit_dates(today):
    start = max(today, date(today.year, 1, 1))
    return start, min(start + timedelta(days=1), date(today.year, 12, 31))


@pytest.fixture
def audit(programme, quality, units, lead, member, today):
    start, end = audit_dates(today)
    return audit_services.audit_plan(
        by=quality,
        programme=programme,
        title="Customer service audit",
        units=[units["SA-01"]],
        clauses=clauses("8.5", "8.7"),
        planned_start=start,
        planned_end=end,
        lead=lead,
        team=[member],
    )


@pytest.fixture
def started(audit, lead):
    return audit_services.audit_start(audit=audit, by=lead)


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read English text (tests/conftest.py `english`)."""
