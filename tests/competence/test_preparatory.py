"""The preparatory service (u.p.s. art. 19) on the first fixed-term contract (art. 16 ust. 2):
worked dates with Polish holidays, bad input, the exam, attention on the home page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from magistrat.competence.attention import preparatory_attention
from magistrat.competence.models import PreparatoryService
from magistrat.competence.models.preparatory import last_day_of_term
from magistrat.competence.services import preparatory as services
from magistrat.core.deadlines import Status, previous_working_day
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def open_service(people, *, start: date, contract_end: date | None = None, ends_on: date | None = None, **kw):
    return services.preparatory_open(
        user=people["hr"].user,
        staff=kw.pop("staff", people["official"]),
        contract_start=start,
        contract_end=contract_end or last_day_of_term(start, "first_contract_max"),
        starts_on=start,
        ends_on=ends_on or last_day_of_term(start, "preparatory_service_max"),
        mentor=kw.pop("mentor", people["aux"]),
        plan="Regulamin, KPA, praktyka na stanowisku, egzamin.",
    )


@pytest.mark.parametrize(
    ("start", "contract_end", "exam_due"),
    [
        (date(2025, 3, 1), date(2025, 8, 31), date(2025, 8, 29)),  # ends on a Sunday: Friday before
        (date(2025, 5, 2), date(2025, 11, 1), date(2025, 10, 31)),  # Saturday and All Saints' Day
        (date(2025, 6, 25), date(2025, 12, 24), date(2025, 12, 23)),  # 24 December, free from 2025
        (date(2026, 5, 12), date(2026, 11, 11), date(2026, 11, 10)),  # Independence Day, a Wednesday
        (date(2025, 9, 1), date(2026, 2, 28), date(2026, 2, 27)),  # to the end of February (a Saturday)
        (date(2026, 2, 2), date(2026, 8, 1), date(2026, 7, 31)),  # a plain Saturday
    ],
)
def test_worked_dates(people, start, contract_end, exam_due):
    assert last_day_of_term(start, "first_contract_max") == contract_end
    service = open_service(people, start=start)
    assert service.contract_end == contract_end and service.exam_due_by == exam_due
    assert previous_working_day(exam_due) == exam_due


def test_the_longest_service_is_three_months_less_a_day(people):
    assert last_day_of_term(date(2026, 3, 2), "preparatory_service_max") == date(2026, 6, 1)
    assert last_day_of_term(date(2025, 11, 30), "preparatory_service_max") == date(2026, 2, 27)
    with pytest.raises(ServiceError, match="at most 3 months"):
        open_service(people, start=date(2026, 3, 2), ends_on=date(2026, 6, 2))
    assert not PreparatoryService.objects.exists()
    assert open_service(people, start=date(2026, 3, 2), ends_on=date(2026, 6, 1)).ends_on == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contract_end": date(2026, 9, 2)}, "at most 6 months"),  # 6 months from 2 March end on 1 September
        ({"ends_on": date(2026, 2, 27)}, "cannot end before it starts"),
        ({"contract_end": date(2026, 4, 30)}, "during the first fixed-term contract"),
        ({"staff": "aux"}, "only for an official post"),  # an auxiliary post
        ({"mentor": "official"}, "another employee"),  # the official themselves
    ],
)
def test_bad_input_is_refused(people, change, message):
    change = {k: people[v] if isinstance(v, str) else v for k, v in change.items()}
    with pytest.raises(ServiceError, match=message):
        open_service(people, start=date(2026, 3, 2), **change)
    assert not PreparatoryService.objects.exists()


def test_only_hr_organises_it(people):
    with pytest.raises(PermissionDenied):
        services.preparatory_open(
            user=people["sa01_chief"].user,
            staff=people["official"],
            contract_start=date(2026, 3, 2),
            contract_end=date(2026, 9, 1),
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 6, 1),
            mentor=people["aux"],
            plan="Plan",
        )


def test_exempted_from_the_service_but_never_from_the_exam(people):
    hr = people["hr"].user
    service = open_service(people, start=date(2025, 3, 3))
    with pytest.raises(ServiceError, match="not from the exam"):
        services.preparatory_exempt(user=hr, service=service, reason="Doświadczenie", from_exam=True)
    service.refresh_from_db()
    assert not service.exempted
    with pytest.raises(ServiceError):  # no reason given
        services.preparatory_exempt(user=hr, service=service, reason=" ")
    services.preparatory_exempt(user=hr, service=service, reason="Doświadczenie w urzędzie wojewódzkim")
    assert service.exempted and service.state == "exempted" and service.exam_due_by == date(2025, 9, 2)
    assert AuditEntry.objects.filter(action="competence.preparatory.exempted").exists()


def test_the_exam_is_due_before_the_contract_ends(people):
    hr = people["hr"].user
    service = open_service(people, start=date(2025, 3, 3))  # contract until 2 September 2025
    with pytest.raises(ServiceError, match="before the first contract ends"):
        services.preparatory_schedule_exam(user=hr, service=service, exam_on=date(2025, 9, 3))
    with pytest.raises(ServiceError):
        services.preparatory_schedule_exam(user=hr, service=service, exam_on=date(2025, 3, 2))
    with pytest.raises(ServiceError, match="day of the exam first"):
        services.preparatory_record_result(user=hr, service=service, result="passed", on=date(2025, 6, 2))
    services.preparatory_schedule_exam(user=hr, service=service, exam_on=date(2025, 6, 2))
    with pytest.raises(ServiceError, match="not taken place"):
        services.preparatory_record_result(user=hr, service=service, result="passed", on=date(2025, 6, 1))
    services.preparatory_record_result(user=hr, service=service, result="passed", on=date(2025, 6, 2))
    assert service.state == "passed"
    with pytest.raises(ServiceError):  # closed
        services.preparatory_schedule_exam(user=hr, service=service, exam_on=date(2025, 6, 3))


def test_attention_for_hr_the_mentor_and_the_superior(people):
    today = timezone.localdate()
    start = today - timedelta(days=170)  # the contract ends in about 12 days: the exam is due soon
    open_service(people, start=start)
    for who in ("hr", "aux", "sa01_chief"):  # HR, the mentor, the direct superior
        items = preparatory_attention(people[who].user)
        assert len(items) == 1 and items[0].status in (Status.DUE_SOON, Status.OVERDUE), who
        assert "Schedule the preparatory service exam" in items[0].title
    for who in ("outsider", "fn_chief", "official"):
        assert preparatory_attention(people[who].user) == [], who


def test_attention_to_record_the_result_after_the_exam(people):
    today = timezone.localdate()
    service = open_service(people, start=today - timedelta(days=100))
    services.preparatory_schedule_exam(
        user=people["hr"].user, service=service, exam_on=today - timedelta(days=1)
    )
    items = preparatory_attention(people["hr"].user)
    assert items[0].status == Status.OVERDUE and "Record the result" in items[0].title
