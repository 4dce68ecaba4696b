"""People of the periodic assessment tests: a small office with a head, a department and a section.

PM (head: the mayor, elected)
├── SA  (head: sa_chief, an official manager; unit_head role for SA)
│   └── SA-01 (head: sa01_chief; members: official, aux (auxiliary post))
└── FN  (head: fn_chief; unit_head role for FN)
"""

from datetime import date

import pytest

from magistrat.org.models import Position
from tests.conftest import verified_login
from tests.factories import PositionFactory, StaffFactory, UnitFactory, grant


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def office_tree(units):
    pm = UnitFactory(code="PM", name="Prezydent Miasta", kind="management")
    for code in ("SA", "FN"):
        units[code].parent = pm
        units[code].save()
    units["PM"] = pm
    return units


def _head(unit, position, **kwargs):
    staff = StaffFactory(unit=unit, position=position, **kwargs)
    unit.head = staff
    unit.save()
    return staff


@pytest.fixture
def people(office_tree):
    units = office_tree
    elected = PositionFactory(name="Prezydent Miasta", category=Position.Category.ELECTED, is_managerial=True)
    director = PositionFactory(name="Dyrektor Wydziału", is_managerial=True)
    chief = PositionFactory(name="Kierownik Referatu", is_managerial=True)
    inspector = PositionFactory(name="Inspektor")
    auxiliary = PositionFactory(name="Pomoc Administracyjna", category=Position.Category.AUXILIARY)
    hired = date(2020, 3, 2)
    found = {
        "mayor": _head(units["PM"], elected, employed_since=hired),
        "sa_chief": _head(units["SA"], director, employed_since=hired),
        "sa01_chief": _head(units["SA-01"], chief, employed_since=hired),
        "fn_chief": _head(units["FN"], director, employed_since=hired),
        "official": StaffFactory(unit=units["SA-01"], position=inspector, employed_since=hired),
        "aux": StaffFactory(unit=units["SA-01"], position=auxiliary, employed_since=hired),
        "hr": StaffFactory(unit=units["SA"], position=inspector, employed_since=hired),
        "outsider": StaffFactory(unit=units["FN"], position=inspector, employed_since=hired),
        "auditor": StaffFactory(unit=units["FN"], position=inspector, employed_since=hired),
    }
    grant(found["auditor"].user, "auditor")
    grant(found["hr"].user, "hr_officer")
    grant(found["sa_chief"].user, "unit_head", units["SA"])
    grant(found["fn_chief"].user, "unit_head", units["FN"])
    return found


def login(client, staff):
    verified_login(client, staff.user)
    return client


def assess(person, *, by, on: date, value: int = 4, delivered: date | None = None):
    """A made assessment with every criterion marked `value`, delivered when `delivered` is given."""
    from datetime import timedelta

    from magistrat.competence.services import assessments as services

    assessment = services.assessment_start(user=by.user, employee=person, on=on)
    marks = {c["code"]: {"value": value, "comment": ""} for c in assessment.order.criteria}
    services.assessment_save(user=by.user, assessment=assessment, marks=marks)
    services.assessment_issue(user=by.user, assessment=assessment, on=on + timedelta(days=1))
    if delivered:
        services.assessment_deliver(
            user=by.user, assessment=assessment, delivered_on=delivered, delivered_to_head_on=delivered
        )
    assessment.refresh_from_db()
    return assessment
