"""Assigning offers the unit's staff first, each once, with their unit; closing is chosen and confirmed,
and a closed case's reminders are marked read."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.models import Notification
from magistrat.core.tasks import daily_deadline_reminders
from magistrat.org.forms import HandlerChoiceField
from magistrat.org.models import Membership
from magistrat.registers import services
from magistrat.registers.forms import AssignForm, CloseForm
from magistrat.registers.models import Complaint
from tests.factories import StaffFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def person(unit, first, last, *other_units):
    staff = StaffFactory(unit=unit, user=UserFactory(first_name=first, last_name=last))
    for extra in other_units:
        Membership.objects.create(staff=staff, unit=extra, is_primary=False)
    return staff


def complaint(**fields):
    values = dict(kind="complaint", channel="letter", subject="Hałas", content="Hałas w nocy.")
    return services.complaint_register(**(values | fields))


def _groups(field: HandlerChoiceField) -> list[tuple[str, list[str]]]:
    return [(str(label), [str(text) for _pk, text in choices]) for label, choices in field.choices[1:]]


def test_the_units_staff_come_first_each_once_with_their_unit(units):
    sa, sa01, fn = units["SA"], units["SA-01"], units["FN"]
    person(sa01, "Anna", "Dudek")
    person(sa, "Ewa", "Dąbrowska", fn)  # two memberships: still listed once
    person(fn, "Jan", "Łukasik")
    person(fn, "Piotr", "Lis")
    form = AssignForm(case_unit=sa)
    (inside, insiders), (others, outsiders) = _groups(form.fields["handler"])
    assert "SA" in inside
    assert insiders == [
        "Dąbrowska Ewa — Wydział Spraw Obywatelskich (SA)",
        "Dudek Anna — Referat Ewidencji Ludności (SA-01)",
    ]
    assert outsiders == ["Lis Piotr — Wydział Finansowy (FN)", "Łukasik Jan — Wydział Finansowy (FN)"]
    all_names = insiders + outsiders
    assert len(all_names) == len(set(all_names))


def test_namesakes_are_told_apart_and_complaints_stay_in_their_unit(units):
    twin_a = person(units["FN"], "Anna", "Nowak")
    twin_b = person(units["FN"], "Anna", "Nowak")
    person(units["SA"], "Jan", "Kowalski")
    form = AssignForm(case_unit=units["FN"], others=False)
    groups = _groups(form.fields["handler"])
    assert len(groups) == 1  # only the unit's staff for a complaint
    labels = groups[0][1]
    assert labels == sorted(labels) and len(set(labels)) == 2
    assert twin_a.employee_number in " ".join(labels) and twin_b.employee_number in " ".join(labels)


def test_without_a_unit_everybody_is_grouped_by_unit(units):
    person(units["FN"], "Jan", "Łukasik")
    person(units["SA"], "Ewa", "Żak")
    form = AssignForm(case_unit=None)
    labels = [label for label, _names in _groups(form.fields["handler"])]
    assert labels == ["FN Wydział Finansowy", "SA Wydział Spraw Obywatelskich"]


def test_choosing_a_unit_reloads_the_people_offered(client, units, office):
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    person(units["FN"], "Jan", "Łukasik")
    case = complaint()
    client.force_login(quality)
    url = reverse("registers:complaint_detail", args=[case.pk])
    page = client.get(url, {"unit": units["FN"].pk}, headers={"HX-Request": "true"}).content.decode()
    form = re.search(r'<form[^>]*id="assign-form".*?</form>', page, re.S).group(0)
    assert "Łukasik Jan — Wydział Finansowy (FN)" in form
    assert 'hx-get="' + url + '"' in form


def test_the_service_takes_a_person_of_a_unit_below(units):
    section = person(units["SA-01"], "Anna", "Dudek")
    outsider = person(units["FN"], "Jan", "Lis")
    case = complaint()
    services.complaint_assign(complaint=case, unit=units["SA"], handler=section.user)
    assert case.handler == section.user
    from magistrat.core.exceptions import ServiceError

    with pytest.raises(ServiceError):
        services.complaint_assign(complaint=case, unit=units["SA"], handler=outsider.user)


def test_the_close_form_chooses_nothing_and_asks_for_confirmation(client, sa_head, units):
    case = complaint(unit=units["SA"])
    form = CloseForm(complaint=case)
    assert form.fields["outcome"].choices[0][0] == ""
    html = str(form["outcome"])
    assert re.search(r'<option value=""[^>]*selected', html)
    client.force_login(sa_head.user)
    url = reverse("registers:complaint_action", args=[case.pk, "close"])
    response = client.post(url, {"outcome": "justified", "reply": "Wyjaśniamy…"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.closed_at is None
    assert client.post(url, {"outcome": "", "reply": "x", "confirm": "on"}).status_code == 400
    response = client.post(url, {"outcome": "justified", "reply": "Wyjaśniamy…", "confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "justified" and case.closed_at is not None


@pytest.mark.parametrize("form_name", ["InfoCloseForm", "PetitionCloseForm"])
def test_other_close_forms_choose_nothing_and_ask_too(form_name):
    from magistrat.registers import forms

    form = getattr(forms, form_name)()
    assert form.fields["outcome"].choices[0][0] == "" and form.fields["confirm"].required


def test_closing_marks_the_cases_reminders_read(sa_head, units, hr):
    old = timezone.now() - timedelta(days=40)
    case = complaint(unit=units["SA"], received_at=old)
    other = complaint(unit=units["SA"], received_at=old)
    daily_deadline_reminders.enqueue()
    url = reverse("registers:complaint_detail", args=[case.pk])
    assert Notification.objects.filter(user=sa_head.user, url=url, read_at__isnull=True).exists()
    services.complaint_close(complaint=case, outcome="justified", reply="Odpowiedź", by=sa_head.user)
    assert not Notification.objects.filter(url=url, read_at__isnull=True).exists()
    other_url = reverse("registers:complaint_detail", args=[other.pk])
    assert Notification.objects.filter(url=other_url, read_at__isnull=True).exists()  # others untouched


def test_forwarding_closes_and_marks_read_too(sa_head, units):
    case = complaint(unit=units["SA"], received_at=timezone.now() - timedelta(days=40))
    daily_deadline_reminders.enqueue()
    services.complaint_forward(complaint=case, forwarded_to="Wojewoda", note="Przekazano", by=sa_head.user)
    url = reverse("registers:complaint_detail", args=[case.pk])
    assert Notification.objects.filter(url=url).exists()
    assert not Notification.objects.filter(url=url, read_at__isnull=True).exists()
    assert Complaint.objects.get(pk=case.pk).outcome == "forwarded"
