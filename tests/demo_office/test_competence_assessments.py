"""The demo office's assessments: two cycles, appeals, a second negative, all through the services."""

import pytest

from magistrat.competence.models import Appeal, Assessment
from magistrat.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_small_demo_has_two_cycles_appeals_and_a_second_negative():
    made = Assessment.objects.filter(assessed_on__isnull=False)
    assert made.count() >= 15
    per_person = {}
    for assessment in made:
        per_person.setdefault(assessment.employee_id, []).append(assessment)
    assert sum(1 for items in per_person.values() if len(items) >= 2) >= 6  # two cycles
    assert Appeal.objects.exclude(decision="").exists() and Appeal.objects.filter(decision="").exists()
    assert Assessment.objects.filter(second_negative=True).count() == 1
    assert Assessment.objects.filter(state=Assessment.State.DRAFT).exists()
    assert Assessment.objects.filter(state=Assessment.State.ISSUED).exists()
    # written by the people who act, through the services
    assert AuditEntry.objects.filter(action="competence.appeal.filed").exists()
    assert not AuditEntry.objects.filter(action="competence.assessment.issued", actor__isnull=True).exists()
