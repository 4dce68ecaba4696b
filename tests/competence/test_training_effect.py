"""Effect on Kirkpatrick's four levels: reaction (the participant's rating), learning (tests before
and after), behaviour (the direct superior, some months later), results (a KPI before and after,
competence levels before and after); a training's page shows all four."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.competence.effect import effect
from magistrat.competence.services import trainings as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.performance.sources import KpiSource, Value, _sources
from tests.competence.model_helpers import competence, record
from tests.competence.training_helpers import complete, training

pytestmark = pytest.mark.django_db


def test_reaction_by_the_participant_once(people):
    course = training(people)
    enrolment = complete(people, course, people["official"])
    with pytest.raises(ServiceError, match="Only the participant"):
        services.reaction_submit(user=people["hr"].user, enrolment=enrolment, rating=5)
    with pytest.raises(ServiceError, match="1 to 5"):
        services.reaction_submit(user=people["official"].user, enrolment=enrolment, rating=6)
    services.reaction_submit(
        user=people["official"].user, enrolment=enrolment, rating=4, comment="Dużo przykładów"
    )
    with pytest.raises(ServiceError, match="already rated"):
        services.reaction_submit(user=people["official"].user, enrolment=enrolment, rating=1)
    enrolment.refresh_from_db()
    assert enrolment.reaction_rating == 4
    assert AuditEntry.objects.filter(action="competence.training.reaction").count() == 1
    found = effect(course)
    assert found.reaction_count == 1 and found.reaction_mean == 4 and found.comments == ["Dużo przykładów"]


def test_a_person_who_did_not_attend_does_not_rate(people):
    course = training(people)
    enrolment = services.enrol(user=people["hr"].user, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="attended"):
        services.reaction_submit(user=people["official"].user, enrolment=enrolment, rating=3)


def test_learning_scores(people):
    course = training(people)
    first = complete(people, course, people["official"])
    second = complete(people, course, people["aux"])
    services.scores_record(user=people["hr"].user, enrolment=first, pre_score=40, post_score=80)
    services.scores_record(user=people["hr"].user, enrolment=second, pre_score=60, post_score=70)
    with pytest.raises(ServiceError, match="0 to 100"):
        services.scores_record(user=people["hr"].user, enrolment=second, pre_score=60, post_score=170)
    second.refresh_from_db()
    assert second.post_score == 70
    found = effect(course)
    assert (found.tested, found.pre_mean, found.post_mean, found.gain_mean) == (2, 50, 75, 25)


def test_behaviour_by_the_direct_superior_after_the_set_months(people):
    today = timezone.localdate()
    course = training(people, starts_on=today - timedelta(days=200), behaviour_after_months=3)
    enrolment = complete(people, course, people["official"])
    chief = people["sa01_chief"].user
    due = services.behaviour_due_on(enrolment)
    with pytest.raises(ServiceError, match="from"):
        services.behaviour_assess(user=chief, enrolment=enrolment, rating=4, on=due - timedelta(days=1))
    with pytest.raises(ServiceError, match="Only the direct superior"):
        services.behaviour_assess(user=people["hr"].user, enrolment=enrolment, rating=4, on=due)
    from magistrat.competence.training_selectors import report_enrolments_to_assess

    assert report_enrolments_to_assess(user=chief, today=due) == [enrolment]
    services.behaviour_assess(user=chief, enrolment=enrolment, rating=4, comment="Stosuje KPA", on=due)
    with pytest.raises(ServiceError, match="already assessed"):
        services.behaviour_assess(user=chief, enrolment=enrolment, rating=2, on=due)
    assert report_enrolments_to_assess(user=chief, today=due) == []
    found = effect(course)
    assert found.behaviour_count == 1 and found.behaviour_mean == 4 and found.behaviour_pending == 0


def test_results_levels_before_and_after(people):
    kpa = competence("kpa")
    course = training(people, starts_on=date(2025, 3, 10), competences=[kpa])
    complete(people, course, people["official"], on=date(2025, 3, 10))
    record(people["sa01_chief"], people["official"], "kpa", 1, on=date(2025, 1, 10))
    record(people["sa01_chief"], people["official"], "kpa", 3, on=date(2025, 7, 1))
    found = effect(course)
    [row] = found.levels
    assert (row.before, row.after, row.change) == (1, 3, 2) and found.levels_raised == 1


def test_results_kpi_before_and_after_and_too_few_data(people, monkeypatch):
    values = {date(2025, 3, 9): 70.0, date(2025, 6, 30): 82.5}

    def compute(*, start, end, unit=None):
        return Value(value=values.get(end))

    source = KpiSource(code="test.satisfaction", label="Satisfaction", unit_of_measure="%", compute=compute)
    monkeypatch.setitem(_sources, source.code, source)
    course = training(people, starts_on=date(2025, 3, 10), days=1, kpi_code=source.code)
    found = effect(course, today=date(2026, 1, 1))
    assert (found.kpi_before, found.kpi_after, found.kpi_note) == (70.0, None, "Too few data to compare.")
    values[date(2025, 6, 10)] = 82.5  # three months after the end (10 March)
    found = effect(course, today=date(2026, 1, 1))
    assert (found.kpi_before, found.kpi_after, found.kpi_note) == (70.0, 82.5, "")
    assert "Measured after" in effect(course, today=date(2025, 4, 1)).kpi_note
