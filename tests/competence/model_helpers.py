"""Shared helpers of the competence model tests (the people come from conftest.py)."""

from datetime import date

from magistrat.competence.models import Competence
from magistrat.competence.services import framework, levels


def competence(code: str) -> Competence:
    return Competence.objects.get(code=code)


def require(people, position, code: str, level: int, on: date = date(2024, 1, 1)):
    return framework.requirement_set(
        user=people["hr"].user, position=position, competence=competence(code), level=level, on=on
    )


def record(by, staff, code: str, level: int, *, source: str = "superior", on: date = date(2025, 1, 10), **kw):
    return levels.level_record(
        user=by.user,
        staff=staff,
        competence=competence(code),
        level=level,
        source=source,
        assessed_on=on,
        **kw,
    )


def process_run_by(unit, owner, code: str = "P-07"):
    """A core process led by `unit`, described by a quality manager."""
    from magistrat.quality.services.processes import process_save
    from tests.factories import StaffFactory, grant

    return process_save(
        by=grant(StaffFactory().user, "quality_manager"),
        code=code,
        name="Ewidencja ludności",
        category="core",
        purpose="Residents are registered.",
        owner=owner.user,
        unit=unit,
        inputs="Applications",
        outputs="Registrations",
    )
