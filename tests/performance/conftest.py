"""People and records of the performance tests: the quality manager defines, a KPI owner in FN
without any role enters values, unit heads read their units."""

from datetime import date

import pytest
from django.utils import timezone

from magistrat.performance.services import kpis, objectives
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def owner(units):
    return StaffFactory(unit=units["FN"]).user


@pytest.fixture
def office_objective(quality, today):
    return objectives.objective_create(
        by=quality,
        title="Satisfied residents",
        level="office",
        owner=quality,
        year_from=today.year - 1,
        year_to=today.year + 1,
    )


@pytest.fixture
def unit_objective(quality, units, office_objective, owner, today):
    return objectives.objective_create(
        by=quality,
        title="Timely tax decisions",
        level="unit",
        unit=units["FN"],
        parent=office_objective,
        owner=owner,
        year_from=today.year - 1,
        year_to=today.year + 1,
    )


@pytest.fixture
def make_kpi(quality, owner):
    def make(objective, **fields):
        values = {
            "name": "Decisions on time",
            "source": "manual",
            "unit_of_measure": "%",
            "direction": "higher",
            "target": 95,
            "amber_threshold": 95,
            "red_threshold": 85,
            "frequency": "monthly",
            "owner": owner,
            "min_value": 0,
            "max_value": 100,
        } | fields
        return kpis.kpi_create(by=quality, objective=objective, **values)

    return make


@pytest.fixture
def manual_kpi(make_kpi, unit_objective):
    return make_kpi(unit_objective)


@pytest.fixture
def last_month(today):
    from magistrat.performance.periods import last_ended

    return last_ended(today, "monthly")


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read English text (tests/conftest.py `english`)."""
