"""Assessed levels with their history: who records them, and which one counts."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.competence.models import LevelRecord
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.competence.model_helpers import record

pytestmark = pytest.mark.django_db


def test_a_change_never_overwrites(people):
    official, chief = people["official"], people["sa01_chief"]
    first = record(chief, official, "kpa", 1, on=date(2024, 3, 1))
    second = record(chief, official, "kpa", 3, on=date(2025, 3, 1))
    first.refresh_from_db()
    assert (first.level, first.is_current) == (1, False) and second.is_current
    assert LevelRecord.objects.filter(staff=official).count() == 2
    entry = AuditEntry.objects.filter(action="competence.level.recorded").order_by("pk").last()
    assert entry.data["previous_level"] == 1 and entry.data["source"] == "superior"


def test_a_backdated_record_joins_the_history_without_replacing_the_current_one(people):
    official, chief, hr = people["official"], people["sa01_chief"], people["hr"]
    current = record(chief, official, "kpa", 3, on=date(2025, 3, 1))
    old = record(hr, official, "kpa", 2, source="certificate", on=date(2023, 5, 5), evidence="Cert 12/2023")
    current.refresh_from_db()
    assert current.is_current and not old.is_current


def test_a_self_assessment_is_kept_but_not_counted(people):
    official = people["official"]
    confirmed = record(people["sa01_chief"], official, "kpa", 2)
    own = record(official, official, "kpa", 4, source="self", on=date(2025, 2, 1))
    confirmed.refresh_from_db()
    assert confirmed.is_current and not own.is_current


@pytest.mark.parametrize(
    ("who", "source", "error"),
    [
        ("hr", "self", ServiceError),  # only the person assesses themselves
        ("official", "superior", ServiceError),  # and cannot confirm their own level
        ("hr", "superior", ServiceError),  # HR is not the direct superior
        ("sa_chief", "superior", PermissionDenied),  # the superior's superior does not stand in
        ("outsider", "test", PermissionDenied),
        ("fn_chief", "certificate", PermissionDenied),  # a head of another unit
    ],
)
def test_who_may_record_what(people, who, source, error):
    with pytest.raises(error):
        record(people[who], people["official"], "kpa", 2, source=source, evidence="Test KPA")
    assert not LevelRecord.objects.exists()


def test_the_superior_and_hr_record_tests_and_certificates(people):
    official = people["official"]
    record(people["sa01_chief"], official, "kpa", 2, source="test", evidence="Test KPA 2025")
    record(people["hr"], official, "gdpr", 2, source="certificate", evidence="Zaświadczenie 7/2025")
    assert LevelRecord.objects.filter(staff=official, is_current=True).count() == 2


@pytest.mark.parametrize(
    ("level", "on", "source", "evidence"),
    [
        (5, date(2025, 1, 10), "superior", ""),  # beyond the scale of 4
        (2, date(2099, 1, 1), "superior", ""),  # in the future
        (2, date(2019, 1, 1), "superior", ""),  # before the person was employed
        (2, date(2025, 1, 10), "test", ""),  # a test without its name
        (2, date(2025, 1, 10), "guess", ""),  # an unknown source
    ],
)
def test_bad_input_is_refused(people, level, on, source, evidence):
    with pytest.raises(ServiceError):
        record(
            people["sa01_chief"], people["official"], "kpa", level, source=source, on=on, evidence=evidence
        )
    assert not LevelRecord.objects.exists()
