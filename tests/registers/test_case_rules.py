"""Who may do what to a case: one rule (`may`, registers/permissions.py) asked by the page, the post
and the service alike; assigning is asked one way for every register."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from magistrat.core.permissions import may
from magistrat.org.services import intake_route_save
from magistrat.registers import services
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


def complaint(**fields):
    values = dict(kind="complaint", channel="letter", subject="Hałas", content="Hałas w nocy.")
    return services.complaint_register(**(values | fields))


def request(**fields):
    values = dict(
        channel="email",
        subject="Umowy",
        request_text="Proszę o umowy.",
        release_form="electronic",
        requester_email="jan@example.pl",
        received_at=timezone.now() - timedelta(hours=2),
    )
    return services.info_request_register(**(values | fields))


def petition(**fields):
    values = dict(
        filed_at=timezone.now() - timedelta(days=1),
        petitioner="Jan Kowalski",
        petitioner_contact="jan@example.pl",
        addressee="mayor",
        subject="Ławki",
        content="Proszę o ławki.",
    )
    return services.petition_register(**(values | fields))


@pytest.fixture
def quality(units):
    return grant(StaffFactory(unit=units["SA"]).user, "quality_manager")


def test_assigning_is_one_question_for_every_register(units, sa_head, fn_head, clerk, auditor, quality):
    cases = [complaint(unit=units["SA"]), request(unit=units["SA"]), petition(unit=units["SA"])]
    for case in cases:
        assign = case.case_permissions.assign
        assert may(sa_head.user, assign, case)  # manages the unit's cases, so routes them too
        assert not may(fn_head.user, assign, case)  # another unit's case
        assert may(clerk.user, assign, case)  # the registry routes what it registers
        assert not may(auditor.user, assign, case)  # reads everything, routes nothing
    assert may(quality, "registers.register_complaints", cases[0])
    assert not may(quality, "registers.register_requests", cases[1])  # not the quality manager's register


def test_the_intake_assigns_and_sees_what_waits_but_does_not_decide_it(units, sa_head, fn_head):
    intake_route_save(register="complaints", role="unit_head", unit=units["SA"])
    waiting = complaint()
    assert may(sa_head.user, "registers.view_complaints", waiting)
    assert may(sa_head.user, "registers.register_complaints", waiting)
    assert not may(sa_head.user, "registers.manage_complaints", waiting)  # closing is for its unit, later
    assert not may(fn_head.user, "registers.view_complaints", waiting)  # the route is limited to SA
    services.complaint_assign(complaint=waiting, unit=units["FN"], by=sa_head.user)
    assert not may(sa_head.user, "registers.view_complaints", waiting)  # assigned elsewhere: not theirs
    assert may(fn_head.user, "registers.manage_complaints", waiting)


def test_services_ask_the_same_rule(units, sa_head, fn_head, clerk, auditor):
    case = complaint(unit=units["SA"])
    with pytest.raises(PermissionDenied):
        services.complaint_close(complaint=case, outcome="justified", reply="Odpowiedź", by=fn_head.user)
    with pytest.raises(PermissionDenied):
        services.complaint_extend(
            complaint=case, new_due=timezone.localdate() + timedelta(days=60), reason="x", by=auditor.user
        )
    with pytest.raises(PermissionDenied):
        services.complaint_assign(complaint=case, unit=units["FN"], by=fn_head.user)
    info = request(unit=units["SA"])
    with pytest.raises(PermissionDenied):
        services.info_request_close(request=info, outcome="withdrawn", by=clerk.user)
    with pytest.raises(PermissionDenied):
        services.petition_update(petition=petition(unit=units["SA"]), text="Krok", by=fn_head.user)
    case.refresh_from_db()
    info.refresh_from_db()
    assert case.closed_at is None and case.unit == units["SA"] and info.closed_at is None
    services.complaint_close(complaint=case, outcome="justified", reply="Odpowiedź", by=sa_head.user)
    assert case.closed_by == sa_head.user


def test_a_data_subject_request_is_the_officers_alone(units, clerk):
    from magistrat.isms.services import gdpr

    officer = grant(StaffFactory(unit=units["SA"]).user, "security_officer")
    leader = grant(StaffFactory(unit=units["FN"]).user, "leadership")  # may read the GDPR records
    dsr = gdpr.dsr_register(
        right="access",
        received_at=timezone.now() - timedelta(hours=1),
        requester="Jan Nowak",
        contact="jan@example.pl",
        description="Kopia danych",
        by=officer,
    )
    assert dsr.registered_by == officer
    assert may(leader, "isms.view_gdpr", dsr) and not may(leader, "isms.manage_gdpr", dsr)
    with pytest.raises(PermissionDenied):
        gdpr.dsr_complete(request=dsr, outcome="fulfilled", reply="", by=leader)
    with pytest.raises(PermissionDenied):
        gdpr.dsr_assign(request=dsr, handler=leader, by=clerk.user)
    gdpr.dsr_complete(request=dsr, outcome="fulfilled", reply="", by=officer)
    assert dsr.closed_by == officer


@pytest.mark.parametrize("register", ["complaint", "request", "petition"])
def test_the_case_page_offers_what_the_rule_allows(client, units, sa_head, fn_head, clerk, register):
    case = {"complaint": complaint, "request": request, "petition": petition}[register](unit=units["SA-01"])
    url = reverse(f"registers:{register}_detail", args=[case.pk])
    post = reverse(f"registers:{register}_action", args=[case.pk, "close"])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(sa_head.user)  # allowed: head of SA, above SA-01
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_manage"] and page.context["can_assign"]
    client.force_login(fn_head.user)  # another unit: not found
    assert client.get(url).status_code == 404 and client.post(post, {}).status_code == 404
    client.force_login(clerk.user)  # registers cases but does not read the register
    assert client.get(url).status_code == 403 and client.post(post, {}).status_code == 403
    reader = grant(
        StaffFactory(unit=units["FN"]).user, "auditor"
    )  # office-wide: reads every case, acts on none
    client.force_login(reader)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_manage"] and not page.context["can_assign"]
    assert 'id="assign-form"' not in page.content.decode()
    assert client.post(post, {"outcome": "withdrawn", "confirm": "on"}).status_code == 403
    case.refresh_from_db()
    assert case.closed_at is None
