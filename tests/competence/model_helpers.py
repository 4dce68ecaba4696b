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
