"""Refused steps (u.p.s. art. 27): a clear message, nothing saved."""

from datetime import date

import pytest

from magistrat.competence.models import Appeal, Assessment
from magistrat.competence.services import assessments as services
from magistrat.core.exceptions import ServiceError
from tests.competence.conftest import assess

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["sa_chief", "hr", "fn_chief", "official"])
def test_only_the_direct_superior_assesses(people, who):
    with pytest.raises(ServiceError, match="Only the direct superior") as refused:
        services.assessment_start(user=people[who].user, employee=people["official"], on=date(2025, 3, 3))
    assert str(people["sa01_chief"]) in refused.value.message
    assert not Assessment.objects.exists()


def test_the_superior_of_an_assessment_cannot_be_replaced(people):
    assessment = services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 3, 3)
    )
    with pytest.raises(ServiceError, match="nobody may stand in"):
        services.assessment_save(user=people["hr"].user, assessment=assessment, marks={})
    with pytest.raises(ServiceError, match="nobody may stand in"):
        services.assessment_issue(user=people["sa_chief"].user, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT and assessment.marks == {}


def test_not_assessed_staff_cannot_be_assessed(people):
    with pytest.raises(ServiceError, match="auxiliary or service"):
        services.assessment_start(user=people["sa01_chief"].user, employee=people["aux"], on=date(2025, 3, 3))
    assert not Assessment.objects.exists()


def test_a_second_assessment_within_6_months(people):
    assess(people["official"], by=people["sa01_chief"], on=date(2025, 5, 1), delivered=date(2025, 5, 5))
    with pytest.raises(
        ServiceError, match=r"not more often than every 6 months \(art. 27 ust. 2\)"
    ) as refused:
        services.assessment_start(
            user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 11, 3)
        )
    assert "11/04/2025" in refused.value.message or "2025-11-04" in refused.value.message
    assert Assessment.objects.count() == 1
    # the day after the 6 months ran out it may start
    services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 11, 4)
    )
    assert Assessment.objects.count() == 2


def test_a_reassessment_sooner_than_3_months_after_a_negative_one(people):
    assess(
        people["official"],
        by=people["sa01_chief"],
        on=date(2025, 7, 29),
        value=2,
        delivered=date(2025, 7, 31),
    )
    with pytest.raises(ServiceError, match="has not ended yet: it may be appealed until"):
        services.assessment_start(
            user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 8, 6)
        )
    with pytest.raises(ServiceError, match=r"no sooner than 3 months .* \(art. 27 ust. 8\)"):
        services.assessment_start(
            user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 11, 7)
        )
    assert Assessment.objects.count() == 1
    services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 11, 8)
    )


def test_an_assessment_while_one_is_in_progress(people):
    services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 3, 3)
    )
    with pytest.raises(ServiceError, match="still in progress"):
        services.assessment_start(
            user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 3, 4)
        )
    assert Assessment.objects.count() == 1


def test_an_appeal_after_7_days_from_delivery(people):
    # delivered 17 Dec 2025: 24-26 Dec are holidays, 27-28 a weekend, so the last day is 29 Dec
    made = assess(
        people["official"], by=people["sa01_chief"], on=date(2025, 12, 15), delivered=date(2025, 12, 17)
    )
    with pytest.raises(ServiceError, match=r"The 7 days for an appeal ran out on .*\(art. 27 ust. 5\)"):
        services.appeal_file(
            user=people["official"].user, assessment=made, reasons="Nie zgadzam się.", on=date(2025, 12, 30)
        )
    made.refresh_from_db()
    assert made.state == Assessment.State.DELIVERED and not Appeal.objects.exists()
    services.appeal_file(
        user=people["official"].user, assessment=made, reasons="Nie zgadzam się.", on=date(2025, 12, 29)
    )
    assert Appeal.objects.count() == 1


def test_only_the_employee_appeals_and_not_before_delivery(people):
    made = assess(people["official"], by=people["sa01_chief"], on=date(2025, 3, 3))
    with pytest.raises(ServiceError, match="only against a delivered assessment"):
        services.appeal_file(user=people["official"].user, assessment=made, reasons="x", on=date(2025, 3, 5))
    services.assessment_deliver(
        user=people["sa01_chief"].user, assessment=made, delivered_on=date(2025, 3, 5)
    )
    with pytest.raises(ServiceError, match="Only the assessed employee"):
        services.appeal_file(
            user=people["sa01_chief"].user, assessment=made, reasons="x", on=date(2025, 3, 6)
        )
    assert not Appeal.objects.exists()


def test_delivery_dates_are_checked(people):
    made = assess(people["official"], by=people["sa01_chief"], on=date(2025, 3, 3))
    with pytest.raises(ServiceError, match="before it was made"):
        services.assessment_deliver(
            user=people["sa01_chief"].user, assessment=made, delivered_on=date(2025, 3, 1)
        )
    with pytest.raises(ServiceError, match="future"):
        services.assessment_deliver(
            user=people["sa01_chief"].user, assessment=made, delivered_on=date(2999, 1, 1)
        )
    made.refresh_from_db()
    assert made.delivered_on is None and made.state == Assessment.State.ISSUED


def test_an_incomplete_assessment_is_not_made(people):
    assessment = services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 3, 3)
    )
    first = assessment.order.criteria[0]["code"]
    services.assessment_save(
        user=people["sa01_chief"].user, assessment=assessment, marks={first: {"value": 4}}
    )
    with pytest.raises(ServiceError, match="every criterion"):
        services.assessment_issue(user=people["sa01_chief"].user, assessment=assessment, on=date(2025, 3, 4))
    with pytest.raises(ServiceError, match="not on the scale"):
        services.assessment_save(
            user=people["sa01_chief"].user, assessment=assessment, marks={first: {"value": 9}}
        )
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT and assessment.marks[first]["value"] == 4
