"""The whole course of an assessment: made, delivered, appealed, decided (u.p.s. art. 27 ust. 4-9)."""

from datetime import date

import pytest

from magistrat.competence.models import Assessment
from magistrat.competence.services import assessments as services
from magistrat.core.deadlines import Status
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.competence.conftest import assess

pytestmark = pytest.mark.django_db


def test_made_and_delivered_then_final(people):
    made = assess(people["official"], by=people["sa01_chief"], on=date(2025, 3, 3), value=4)
    assert made.state == Assessment.State.ISSUED and made.outcome == "positive" and str(made.score) == "4.00"
    assert made.superior == people["sa01_chief"].user and made.unit.code == "SA-01"
    services.assessment_confirm_receipt(user=people["official"].user, assessment=made, on=date(2025, 3, 5))
    services.assessment_deliver(
        user=people["sa01_chief"].user, assessment=made, delivered_to_head_on=date(2025, 3, 5)
    )
    made.refresh_from_db()
    assert made.state == Assessment.State.DELIVERED
    assert (made.delivered_on, made.delivered_to_head_on) == (date(2025, 3, 5), date(2025, 3, 5))
    assert made.appeal_until == date(2025, 3, 12)
    assert made.ended_on(date(2025, 3, 12)) is None and made.ended_on(date(2025, 3, 13)) == date(2025, 3, 12)
    actions = set(
        AuditEntry.objects.filter(action__startswith="competence.").values_list("action", flat=True)
    )
    assert {
        "competence.assessment.started",
        "competence.assessment.saved",
        "competence.assessment.issued",
        "competence.assessment.receipt_confirmed",
        "competence.assessment.delivered",
    } <= actions


def test_an_upheld_appeal_changes_the_assessment(people):
    made = assess(
        people["official"],
        by=people["sa01_chief"],
        on=date(2025, 4, 14),
        value=2,
        delivered=date(2025, 4, 16),
    )
    appeal = services.appeal_file(
        user=people["official"].user, assessment=made, reasons="Pominięto zastępstwa.", on=date(2025, 4, 17)
    )
    assert appeal.clock.due_day == date(2025, 5, 2)  # 14 days end on 1 May, a holiday
    assert appeal.clock.status(now=appeal.clock.due) in (Status.DUE_SOON, Status.OPEN)
    with pytest.raises(ServiceError, match="changed outcome"):
        services.appeal_decide(
            user=people["mayor"].user,
            appeal=appeal,
            decision="changed",
            reasons="Zasadne.",
            on=date(2025, 4, 25),
        )
    services.appeal_decide(
        user=people["mayor"].user,
        appeal=appeal,
        decision="changed",
        changed_outcome="positive",
        reasons="Zasadne.",
        on=date(2025, 4, 25),
    )
    made.refresh_from_db()
    assert made.state == Assessment.State.DECIDED
    assert made.outcome == "negative" and made.final_outcome == "positive"
    assert made.ended_on(date(2025, 6, 1)) == date(2025, 4, 25)


def test_an_upheld_appeal_orders_a_new_assessment(people):
    made = assess(
        people["official"],
        by=people["sa01_chief"],
        on=date(2025, 4, 14),
        value=2,
        delivered=date(2025, 4, 16),
    )
    appeal = services.appeal_file(
        user=people["official"].user, assessment=made, reasons="Pominięto zastępstwa.", on=date(2025, 4, 17)
    )
    services.appeal_decide(
        user=people["hr"].user, appeal=appeal, decision="reassess", reasons="Ponownie.", on=date(2025, 4, 28)
    )
    made.refresh_from_db()
    assert made.state == Assessment.State.ANNULLED
    new = made.replaced_by
    assert (
        new.state == Assessment.State.DRAFT
        and new.superior == made.superior
        and new.started_on == date(2025, 4, 28)
    )
    # the annulled one does not count: the new one is made at once, no 6-month or 3-month wait
    marks = {c["code"]: {"value": 4} for c in new.order.criteria}
    services.assessment_save(user=people["sa01_chief"].user, assessment=new, marks=marks)
    services.assessment_issue(user=people["sa01_chief"].user, assessment=new, on=date(2025, 5, 5))


def test_only_the_head_of_the_office_or_hr_decides(people):
    made = assess(
        people["official"], by=people["sa01_chief"], on=date(2025, 4, 14), delivered=date(2025, 4, 16)
    )
    appeal = services.appeal_file(
        user=people["official"].user, assessment=made, reasons="x", on=date(2025, 4, 17)
    )
    from django.core.exceptions import PermissionDenied

    for who in ("sa_chief", "sa01_chief", "official"):
        with pytest.raises(PermissionDenied):
            services.appeal_decide(
                user=people[who].user, appeal=appeal, decision="dismissed", reasons="x", on=date(2025, 4, 20)
            )
    appeal.refresh_from_db()
    assert appeal.decision == ""


def test_a_second_negative_in_a_row_alerts_hr(people):
    chief, official = people["sa01_chief"], people["official"]
    assess(official, by=chief, on=date(2025, 1, 13), value=2, delivered=date(2025, 1, 15))
    second = assess(official, by=chief, on=date(2025, 5, 5), value=1, delivered=date(2025, 5, 7))
    assert second.second_negative
    assert AuditEntry.objects.filter(
        action="competence.assessment.second_negative", data__basis="u.p.s. art. 27 ust. 9"
    ).exists()
    with pytest.raises(ServiceError, match="Only HR"):
        services.second_negative_record(user=chief.user, assessment=second, note="Wypowiedzenie.")
    services.second_negative_record(
        user=people["hr"].user, assessment=second, note="Wręczono wypowiedzenie umowy."
    )
    second.refresh_from_db()
    assert second.second_negative_handled_on is not None


def test_an_assessment_keeps_the_order_version_it_started_with(people):
    from decimal import Decimal

    from magistrat.competence.services.orders import order_create

    started = services.assessment_start(
        user=people["sa01_chief"].user, employee=people["official"], on=date(2025, 3, 3)
    )
    version1 = started.order
    new = order_create(
        user=people["hr"].user,
        title="Zarządzenie nr 5/2025",
        in_force_from=date(2025, 3, 10),
        criteria=[
            {"code": "c1", "basis": "duties", "name": "Zadania"},
            {"code": "c2", "basis": "art24", "name": "Art. 24"},
            {"code": "c3", "basis": "art25", "name": "Art. 25"},
        ],
        scale=[{"value": 1, "label": "zła"}, {"value": 2, "label": "dobra"}],
        pass_mark=Decimal("1.5"),
        after_negative_due_months=6,
        warn_days=30,
    )
    started.refresh_from_db()
    assert started.order == version1 and new.version == version1.version + 1
    marks = {c["code"]: {"value": 3} for c in version1.criteria}
    services.assessment_save(user=people["sa01_chief"].user, assessment=started, marks=marks)
    services.assessment_issue(user=people["sa01_chief"].user, assessment=started, on=date(2025, 3, 12))
    later = services.assessment_start(
        user=people["sa_chief"].user, employee=people["sa01_chief"], on=date(2025, 3, 12)
    )
    assert later.order == new
