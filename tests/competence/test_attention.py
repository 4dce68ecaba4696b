"""What the home page and the daily reminder show: the superior before the 2-year limit, the
employee's confirmation, the head's appeals, HR's second negative alert."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.competence.attention import competence_attention
from magistrat.competence.services import assessments as services
from magistrat.core.attention import reminded
from magistrat.core.deadlines import Status
from tests.competence.conftest import assess

pytestmark = pytest.mark.django_db


def titles(user):
    return [item.title for item in competence_attention(user)]


def test_the_superior_is_warned_before_the_two_year_limit(people):
    today = timezone.localdate()
    official = people["official"]
    official.employed_since = today - timedelta(days=700)  # due within the order's 60 days
    official.save()
    items = [i for i in competence_attention(people["sa01_chief"].user) if str(official) in i.title]
    assert len(items) == 1 and items[0].status == Status.DUE_SOON and reminded(items[0])
    assert "art. 27 ust. 2" in items[0].title
    official.employed_since = today - timedelta(days=800)
    official.save()
    assert [i for i in competence_attention(people["sa01_chief"].user) if str(official) in i.title][
        0
    ].status == Status.OVERDUE
    assert not any(str(official) in t for t in titles(people["sa_chief"].user))  # not their direct report


def test_steps_waiting_for_people(people):
    today = timezone.localdate()
    made = assess(people["official"], by=people["sa01_chief"], on=today - timedelta(days=3))
    assert any("Deliver the periodic assessment" in t for t in titles(people["sa01_chief"].user))
    assert "Confirm receiving your periodic assessment" in titles(people["official"].user)
    services.assessment_confirm_receipt(user=people["official"].user, assessment=made, on=today)
    services.appeal_file(user=people["official"].user, assessment=made, reasons="x", on=today)
    for who in ("mayor", "hr"):
        assert any("Decide the appeal" in t for t in titles(people[who].user))
    assert not any("Decide the appeal" in t for t in titles(people["sa_chief"].user))


def test_hr_is_alerted_to_a_second_negative_once_it_is_final(people):
    chief, official = people["sa01_chief"], people["official"]
    assess(official, by=chief, on=date(2025, 1, 13), value=2, delivered=date(2025, 1, 15))
    assess(official, by=chief, on=date(2025, 5, 5), value=1, delivered=date(2025, 5, 7))
    alerts = [t for t in titles(people["hr"].user) if "art. 27 ust. 9" in t]
    assert len(alerts) == 1 and str(official) in alerts[0]
    assert not any("art. 27 ust. 9" in t for t in titles(chief.user))


def test_the_daily_reminder_warns_the_superior(people):
    from magistrat.core.models import Notification
    from magistrat.core.tasks import daily_deadline_reminders

    official = people["official"]
    official.employed_since = timezone.localdate() - timedelta(days=700)
    official.save()
    daily_deadline_reminders.call()
    notes = Notification.objects.filter(user=people["sa01_chief"].user)
    assert any(str(official) in n.title and "art. 27 ust. 2" in n.title for n in notes)
    assert not Notification.objects.filter(
        user=people["fn_chief"].user, title__contains=str(official)
    ).exists()
