"""Intake: every new case reaches whoever must assign it (home page and daily reminder) until assigned."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.attention import attention_for
from magistrat.core.models import Notification
from magistrat.core.tasks import daily_deadline_reminders
from magistrat.isms.models import DataSubjectRequest
from magistrat.isms.services import gdpr as gdpr_services
from magistrat.org import intake
from magistrat.org.models import IntakeRoute
from magistrat.org.services import intake_route_save
from magistrat.registers import services
from magistrat.registers.models import Complaint, InfoRequest
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def approver(units):
    """BIP approver, office-wide: receives requests and petitions by default."""
    return grant(StaffFactory(unit=units["SA"]).user, "bip_approver")


@pytest.fixture
def quality(units):
    """Quality manager, office-wide: receives complaints and motions by default."""
    return grant(StaffFactory(unit=units["SA"]).user, "quality_manager")


def _to_assign(user) -> list[str]:
    return [item.url for item in attention_for(user) if item.kind == "assign"]


def _public_request(client) -> InfoRequest:
    response = client.post(
        reverse("requests_public:submit"),
        {
            "subject": "Umowy na odśnieżanie",
            "request_text": "Proszę o kopie umów na odśnieżanie dróg.",
            "release_form": "electronic",
            "requester_email": "jan@example.pl",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    return InfoRequest.objects.get()


def test_a_request_filed_on_the_website_reaches_the_intake_role_at_once(client, office, approver, quality):
    case = _public_request(client)
    url = reverse("registers:request_detail", args=[case.pk])
    verified_login(client, approver)
    home = client.get(reverse("core:home")).content.decode()
    assert case.number in home and url in home
    assert _to_assign(approver) == [url]
    assert (
        client.get(reverse("registers:request_list") + "?state=unassigned")
        .content.decode()
        .count(case.number)
    )
    assert _to_assign(quality) == []  # requests are not the quality manager's intake


def test_a_public_complaint_reaches_the_quality_manager_not_the_desk(client, office, quality, clerk):
    response = client.post(
        reverse("registers_public:submit"),
        {
            "kind": "complaint",
            "subject": "Nieczynna winda",
            "content": "Winda w budynku A nie działa.",
            "submitter_name": "Anna Nowak",
            "submitter_address": "ul. Leśna 3, Wiślin",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    case = Complaint.objects.get()
    client.force_login(quality)
    assert case.number in client.get(reverse("core:home")).content.decode()
    assert _to_assign(quality) == [reverse("registers:complaint_detail", args=[case.pk])]
    # The desk registers cases but cannot open them: it is not shown cases it cannot act on.
    assert _to_assign(clerk.user) == []


def test_assignment_moves_the_case_from_intake_to_the_unit(client, office, approver, sa_head, units):
    case = _public_request(client)
    assert _to_assign(sa_head.user) == []
    verified_login(client, approver)
    response = client.post(
        reverse("registers:request_action", args=[case.pk, "assign"]),
        {"unit": units["SA-01"].pk, "handler": ""},
    )
    assert response.status_code == 302
    assert _to_assign(approver) == []
    url = reverse("registers:request_detail", args=[case.pk])
    assert url in [item.url for item in attention_for(sa_head.user)]  # the unit's head has it now


def test_the_daily_reminder_names_cases_to_assign_every_day_until_assigned(client, office, approver, units):
    case = _public_request(client)
    url = reverse("registers:request_detail", args=[case.pk])
    daily_deadline_reminders.enqueue()
    note = Notification.objects.get(user=approver, url=url)
    assert case.number in note.title and note.read_at is None
    services.info_request_assign(request=case, unit=units["SA"])
    note.refresh_from_db()
    assert note.read_at is not None  # assigned: the reminder to assign it is done
    Notification.objects.filter(user=approver).delete()
    daily_deadline_reminders.enqueue()
    assert not Notification.objects.filter(user=approver, url=url).exists()


def test_a_petition_registered_without_a_unit_waits_for_intake(approver, units):
    petition = services.petition_register(
        filed_at=timezone.now() - timedelta(days=1),
        petitioner="Stowarzyszenie Zielony Wiślin",
        petitioner_contact="biuro@zielony.example.pl",
        addressee="mayor",
        subject="Oświetlenie parku",
        content="Wnosimy o oświetlenie alejek.",
    )
    url = reverse("registers:petition_detail", args=[petition.pk])
    assert _to_assign(approver) == [url]
    services.petition_assign(petition=petition, unit=units["FN"], handler=approver)
    petition.refresh_from_db()
    assert petition.unit == units["FN"] and petition.handler == approver
    assert _to_assign(approver) == []


def test_petition_assign_page(client, office, approver, units, sa_head):
    petition = services.petition_register(
        filed_at=timezone.now() - timedelta(days=1),
        petitioner="Jan Kowalski",
        petitioner_contact="jan@example.pl",
        addressee="council",
        subject="Ławki",
        content="Wnoszę o ławki.",
    )
    url = reverse("registers:petition_action", args=[petition.pk, "assign"])
    client.force_login(sa_head.user)  # a unit head does not see petitions not assigned yet
    assert client.post(url, {"unit": units["SA"].pk}).status_code == 404
    verified_login(client, approver)
    assert client.post(url, {"unit": "nope"}).status_code == 400
    assert client.post(url, {"unit": units["SA"].pk}).status_code == 302
    petition.refresh_from_db()
    assert petition.unit == units["SA"]


def test_data_subject_requests_reach_the_security_officer_until_assigned(client, units, hr):
    officer = grant(StaffFactory(unit=units["SA"]).user, "security_officer")
    request = gdpr_services.dsr_register(
        right=DataSubjectRequest.Right.ACCESS,
        received_at=timezone.now() - timedelta(hours=1),
        requester="Jan Kowalski",
        contact="jan@example.pl",
        description="Proszę o kopię moich danych.",
    )
    url = reverse("isms:dsr_detail", args=[request.pk])
    assert _to_assign(officer) == [url]
    verified_login(client, officer)
    assert url in client.get(reverse("core:home")).content.decode()
    response = client.post(reverse("isms:dsr_action", args=[request.pk, "assign"]), {"handler": hr.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handler == hr.user
    assert _to_assign(officer) == []


def test_the_office_routes_a_register_to_a_unit_role(client, office, units, sa_head, fn_head, quality):
    """Complaints to the head of SA: SA's head (not FN's) receives, opens and assigns them."""
    intake_route_save(register="complaints", role="unit_head", unit=units["SA-01"])
    case = services.complaint_register(kind="complaint", channel="letter", subject="Hałas", content="…")
    url = reverse("registers:complaint_detail", args=[case.pk])
    assert _to_assign(sa_head.user) == [url]  # granted for SA, which covers SA-01
    assert _to_assign(fn_head.user) == []
    assert _to_assign(quality) == []
    client.force_login(sa_head.user)
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("registers:complaint_action", args=[case.pk, "assign"]), {"unit": units["SA"].pk}
    )
    assert response.status_code == 302
    client.force_login(fn_head.user)
    assert client.get(url).status_code == 404


def test_when_nobody_holds_the_role_the_administrators_receive(admin_staff, office):
    case = services.complaint_register(kind="motion", channel="letter", subject="Ławki", content="…")
    assert _to_assign(admin_staff.user) == [reverse("registers:complaint_detail", args=[case.pk])]
    holder = grant(StaffFactory().user, "quality_manager")
    admin_staff.user.refresh_from_db()
    assert _to_assign(holder) != [] and intake.receives(admin_staff.user, "complaints") is False


def test_the_intake_page(client, office, units, admin_staff, hr):
    url = reverse("org:intake_edit")
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(hr.user)
    assert client.get(url).status_code == 403
    verified_login(client, admin_staff.user)
    page = client.get(url)
    assert page.status_code == 200
    assert all(f'id="intake-{r.code}"' in page.content.decode() for r in intake.registers())
    data = {
        "complaints-role": "unit_head",
        "complaints-unit": units["FN"].pk,
        "info_requests-role": "bip_approver",
        "petitions-role": "bip_approver",
        "data_subject_requests-role": "security_officer",
    }
    assert client.post(url, data).status_code == 302
    route = IntakeRoute.objects.get()
    assert (route.register, route.role, route.unit) == ("complaints", "unit_head", units["FN"])
    # A role that cannot open the register is not offered, and nothing changes.
    refused = client.post(url, data | {"info_requests-role": "hr_officer"})
    assert refused.status_code == 400
    assert client.post(url, data | {"complaints-role": "auditor"}).status_code == 400
    assert IntakeRoute.objects.get().role == "unit_head"
    from magistrat.core.exceptions import ServiceError

    with pytest.raises(ServiceError):
        intake_route_save(register="complaints", role="auditor")


def test_defaults_name_roles_that_can_handle_their_register():
    assert {r.code for r in intake.registers()} == set(intake.default_roles())
    for entry in intake.registers():
        allowed = dict(intake.allowed_roles(entry))
        assert intake.default_roles()[entry.code] in allowed
        assert "auditor" not in allowed and "leadership" not in allowed  # read-only roles never assign
