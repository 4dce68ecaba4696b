"""The demo office's trainings: the plan, trainings with enrolments, attendance and certificates
(some expiring, some expired), mandatory statuses, Kirkpatrick data; the trail agrees."""

import pytest
from django.utils import timezone

from magistrat.competence import mandatory
from magistrat.competence.effect import effect
from magistrat.competence.models import Certificate, Enrolment, Training, TrainingLeave, TrainingPlan
from magistrat.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_small_demo_has_the_trainings():
    today = timezone.localdate()
    plan = TrainingPlan.objects.get(year=today.year)
    assert plan.state == "approved" and plan.budgets.count() >= 2 and plan.needs.filter(source="gap").exists()
    assert TrainingPlan.objects.get(year=today.year + 1).state == "draft"
    assert Training.objects.count() == 15
    assert set(Enrolment.objects.values_list("state", flat=True)) >= {"enrolled", "completed", "absent"}
    certificates = Certificate.objects.exclude(valid_until__isnull=True)
    assert certificates.filter(valid_until__lt=today).exists()  # expired
    assert certificates.filter(valid_until__gte=today).exists()
    assert TrainingLeave.objects.count() == 1
    assert Enrolment.objects.filter(behaviour_rating__isnull=False, reaction_rating__isnull=False).exists()
    measured = next(t for t in Training.objects.all() if effect(t).behaviour_count)
    assert effect(measured).reaction_count and effect(measured).tested
    statuses = {
        s.status for found in mandatory.statuses(mandatory.staff_of_units(), today).values() for s in found
    }
    assert {"valid", "never"} <= statuses
    # every enrolment's entry names the person the record names
    for enrolment in Enrolment.objects.all():
        entry = AuditEntry.objects.get(action="competence.training.enrolled", object_id=str(enrolment.pk))
        assert entry.actor_id == enrolment.enrolled_by_id
