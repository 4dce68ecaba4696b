"""The competence framework: the shipped default, competences and the levels positions require."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.competence.models import Competence, PositionRequirement
from magistrat.competence.services import framework
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.competence.model_helpers import competence, require

pytestmark = pytest.mark.django_db


def test_the_default_framework_is_loaded_after_migrate():
    data = framework.default_framework()
    assert Competence.objects.count() == len(data["competences"]) == 14
    assert {c.group for c in Competence.objects.all()} == set(Competence.Group.values)  # all six groups
    for item in data["competences"]:
        assert item["scale"] in data["scales"]
    assert competence("kpa").top_level == 4 and competence("gdpr").top_level == 3
    assert framework.framework_load_default() == 0  # never twice


def test_hr_adds_and_edits_a_competence(people):
    hr = people["hr"].user
    levels = [{"value": 2, "label": "średni"}, {"value": 1, "label": "podstawowy"}]
    made = framework.competence_create(
        user=hr, code="ksef", name="Krajowy System e-Faktur", group="digital", levels=levels
    )
    assert [x["value"] for x in made.levels] == [1, 2]
    assert AuditEntry.objects.filter(action="competence.competence.created").exists()
    with pytest.raises(ServiceError):
        framework.competence_create(user=hr, code="ksef", name="Dup", group="digital", levels=levels)
    with pytest.raises(ServiceError):  # a level twice
        framework.competence_create(user=hr, code="x", name="X", group="digital", levels=levels + levels)
    with pytest.raises(PermissionDenied):  # a unit head reads the framework but does not manage it
        framework.competence_create(
            user=people["sa_chief"].user, code="y", name="Y", group="social", levels=levels
        )


def test_a_scale_cannot_end_below_a_level_in_use(people):
    kpa = competence("kpa")
    require(people, people["official"].position, "kpa", 3)
    with pytest.raises(ServiceError, match="Level 3"):
        framework.competence_update(
            user=people["hr"].user,
            competence=kpa,
            name=kpa.name,
            group=kpa.group,
            description="",
            is_active=True,
            levels=[{"value": 1, "label": "a"}, {"value": 2, "label": "b"}],
        )


def test_a_changed_requirement_keeps_the_old_one_in_the_history(people):
    position = people["official"].position
    first = require(people, position, "kpa", 2, on=date(2024, 1, 1))
    second = require(people, position, "kpa", 3, on=date(2025, 6, 1))
    first.refresh_from_db()
    assert first.valid_until == date(2025, 5, 31) and second.valid_until is None
    on = PositionRequirement.objects.filter(position=position)
    assert on.on(date(2025, 5, 31)).get().level == 2
    assert on.on(date(2025, 6, 1)).get().level == 3
    assert not on.on(date(2023, 12, 31)).exists()
    assert require(people, position, "kpa", 0, on=date(2025, 9, 1)) is None  # no longer required
    assert not on.current().exists() and on.count() == 2
    with pytest.raises(ServiceError):  # beyond the scale
        require(people, position, "gdpr", 4)
    entry = AuditEntry.objects.filter(action="competence.requirement.set").order_by("pk")[1]
    assert entry.data["level"] == 3 and entry.data["previous_level"] == 2


def test_a_change_cannot_take_effect_before_the_current_level(people):
    position = people["official"].position
    require(people, position, "kpa", 2, on=date(2025, 1, 1))
    with pytest.raises(ServiceError):
        require(people, position, "kpa", 3, on=date(2024, 12, 31))
