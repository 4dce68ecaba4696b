import uuid
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.registers import selectors, services
from magistrat.registers.models import Complaint
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def register(**overrides):
    data = {
        "kind": "complaint",
        "channel": "letter",
        "subject": "Długi czas oczekiwania",
        "content": "Czekałem dwie godziny w kolejce.",
        "submitter_name": "Jan Kowalski",
        "submitter_address": "ul. Polna 1, 00-001 Wiślin",
    }
    return services.complaint_register(**(data | overrides))


def test_numbers_run_per_year_and_deadline_is_one_month():
    first = register(received_at=datetime(2026, 1, 30, 9, tzinfo=WARSAW))
    second = register(received_at=datetime(2026, 3, 2, 9, tzinfo=WARSAW))
    other_year = register(received_at=datetime(2025, 12, 31, 9, tzinfo=WARSAW))
    assert (first.number, second.number, other_year.number) == (
        "SKW.1510.1.2026",
        "SKW.1510.2.2026",
        "SKW.1510.1.2025",
    )
    assert first.clock.due_day == date(2026, 3, 2)  # 28 Feb 2026 is a Saturday (KPA art. 57 § 4)
    assert other_year.clock.due_day == date(2026, 2, 2)  # 31 Jan 2026 is a Saturday


def test_cases_for_another_body_must_be_forwarded_within_7_days():
    case = register(competent="other", received_at=datetime(2026, 11, 2, 9, tzinfo=WARSAW))
    assert case.clock.due_day == date(2026, 11, 9)


def test_resent_web_form_is_stored_once():
    key = uuid.uuid4()
    assert register(channel="web", submission_key=key) == register(channel="web", submission_key=key)
    assert Complaint.objects.count() == 1


def test_bad_input_changes_nothing():
    with pytest.raises(ServiceError):
        register(received_at=timezone.now() + timedelta(days=2))
    assert not Complaint.objects.exists()


@pytest.fixture
def quality(units):
    """Quality manager, office-wide: acts on the cases not assigned to a unit yet."""
    return grant(StaffFactory(unit=units["SA"]).user, "quality_manager")


def test_close_requires_a_fitting_outcome_and_a_reply(quality):
    case = register()
    with pytest.raises(ServiceError, match="does not fit"):
        services.complaint_close(complaint=case, outcome="accepted", reply="x", by=quality)
    with pytest.raises(ServiceError, match="reply"):
        services.complaint_close(complaint=case, outcome="justified", reply=" ", by=quality)
    services.complaint_close(complaint=case, outcome="justified", reply="Przepraszamy.", by=quality)
    assert case.clock.status() == Status.DONE
    with pytest.raises(ServiceError, match="closed"):
        services.complaint_close(complaint=case, outcome="unjustified", reply="x", by=quality)


def test_extension_needs_a_reason_and_a_later_date(quality):
    case = register(received_at=datetime(2026, 11, 2, 9, tzinfo=WARSAW))
    with pytest.raises(ServiceError, match="reason"):
        services.complaint_extend(complaint=case, new_due=date(2026, 12, 20), reason="", by=quality)
    with pytest.raises(ServiceError, match="after"):
        services.complaint_extend(complaint=case, new_due=date(2026, 11, 20), reason="x", by=quality)
    services.complaint_extend(
        complaint=case, new_due=date(2026, 12, 20), reason="Oględziny w terenie", by=quality
    )
    assert Complaint.objects.get(pk=case.pk).clock.due_day == date(2026, 12, 21)  # 20 Dec 2026 is a Sunday


def test_assignee_must_belong_to_the_unit(units):
    case = register()
    outsider = StaffFactory(unit=units["FN"])
    with pytest.raises(ServiceError):
        services.complaint_assign(complaint=case, unit=units["SA"], handler=outsider.user)


def test_unit_heads_see_and_handle_their_units_cases(client, sa_head, fn_head, units):
    mine = register(unit=units["SA-01"])
    theirs = register(unit=units["FN"])
    client.force_login(sa_head.user)
    page = client.get(reverse("registers:complaint_list")).content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(reverse("registers:complaint_detail", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("registers:complaint_action", args=[mine.pk, "close"]),
        {"outcome": "unjustified", "reply": "Wyjaśniamy, że…", "confirm": "on"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.outcome == "unjustified" and mine.closed_by == sa_head.user
    assert AuditEntry.objects.filter(action="registers.complaint.closed", object_id=str(mine.pk)).exists()


def test_a_clerk_registers_but_cannot_read_the_register(client, clerk):
    client.force_login(clerk.user)
    assert client.get(reverse("registers:complaint_list")).status_code == 403
    response = client.post(
        reverse("registers:complaint_register"),
        {
            "kind": "motion",
            "channel": "oral",
            "received_at": "2026-11-20T10:00",
            "subject": "Więcej ławek",
            "content": "Proszę o ławki przed urzędem.",
            "competent": "mayor",
        },
    )
    case = Complaint.objects.get()
    assert response.status_code == 302 and case.registered_by == clerk.user
    assert client.get(reverse("registers:complaint_detail", args=[case.pk])).status_code == 403


def test_action_errors_are_shown_and_change_nothing(client, sa_head, units):
    case = register(unit=units["SA"])
    client.force_login(sa_head.user)
    response = client.post(
        reverse("registers:complaint_action", args=[case.pk, "extend"]),
        {"new_due": "2020-01-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert "Nowy termin musi przypadać po obecnym terminie" in response.content.decode()  # pages speak Polish
    assert not case.extensions.exists()


def test_managers_elsewhere_cannot_act_on_a_case(client, fn_head, units):
    case = register(unit=units["SA"])
    client.force_login(fn_head.user)
    url = reverse("registers:complaint_action", args=[case.pk, "close"])
    assert client.post(url, {"outcome": "justified", "reply": "x"}).status_code == 404


def test_overdue_cases_reach_the_unit_heads_home_page(client, sa_head, units):
    case = register(unit=units["SA"], received_at=timezone.now() - timedelta(days=40))
    client.force_login(sa_head.user)
    page = client.get(reverse("core:home")).content.decode()
    assert case.number in page and "overdue" in page


def test_public_submission_status_and_statistics(client, office):
    key = str(uuid.uuid4())
    data = {
        "kind": "complaint",
        "subject": "Nieczynna winda",
        "content": "Winda w budynku A nie działa.",
        "submitter_name": "Anna Nowak",
        "submitter_address": "ul. Leśna 3, Wiślin",
        "submission_key": key,
    }
    response = client.post(reverse("registers_public:submit"), data)
    assert response.status_code == 302
    client.post(reverse("registers_public:submit"), data)  # double click
    case = Complaint.objects.get()
    assert case.channel == "web"
    page = client.get(reverse("registers_public:submitted")).content.decode()
    assert case.number in page and case.tracking_code in page
    status = client.get(
        reverse("registers_public:status"), {"number": case.number, "tracking_code": case.tracking_code}
    )
    assert "w toku" in status.content.decode()
    wrong = client.get(reverse("registers_public:status"), {"number": case.number, "tracking_code": "WRONG"})
    assert "Nie ma sprawy o tym numerze" in wrong.content.decode()
    stats = client.get(reverse("registers_public:statistics")).content.decode()
    assert "Nieczynna" not in stats  # no personal data or content in public statistics
    assert selectors.complaint_year_stats(case.received_at.year).total == 1


def test_public_form_rejects_bad_input_and_bots(client, office):
    response = client.post(
        reverse("registers_public:submit"),
        {"kind": "complaint", "subject": "", "content": "x" * 6000, "submission_key": "nope"},
    )
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    client.post(
        reverse("registers_public:submit"),
        {
            "kind": "motion",
            "subject": "s",
            "content": "c",
            "submitter_name": "Bot",
            "submitter_address": "x",
            "submission_key": str(uuid.uuid4()),
            "website": "http://spam.example",
        },
    )
    assert not Complaint.objects.exists()


def test_public_submissions_are_rate_limited(client, office, settings):
    from magistrat.registers import public

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}
    }
    for n in range(public.SUBMISSIONS_PER_HOUR + 1):
        response = client.post(
            reverse("registers_public:submit"),
            {
                "kind": "motion",
                "subject": f"s{n}",
                "content": "c",
                "submitter_name": "A",
                "submitter_address": "B",
                "submission_key": str(uuid.uuid4()),
            },
            REMOTE_ADDR="192.0.2.55",
        )
    assert response.status_code == 429
    assert Complaint.objects.count() == public.SUBMISSIONS_PER_HOUR


def test_export_and_api(client, auditor, units):
    register(unit=units["SA"])
    client.force_login(auditor.user)
    export = client.get(reverse("registers:complaint_export") + "?format=xlsx&state=all")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    items = client.get("/api/v1/registers/complaints?state=all").json()["items"]
    assert items[0]["number"] == "SKW.1510.1.2026" or items[0]["number"].startswith("SKW.1510.1.")
    assert items[0]["status"] in {"open", "due_soon", "overdue"}


def test_public_status_api_needs_number_and_code(client):
    case = register()
    ok = client.get(
        "/api/v1/public/complaints/status", {"number": case.number, "tracking_code": case.tracking_code}
    )
    assert ok.status_code == 200 and ok.json()["closed"] is False
    assert "submitter_name" not in ok.json()
    bad = client.get("/api/v1/public/complaints/status", {"number": case.number, "tracking_code": "X"})
    assert bad.status_code == 404
