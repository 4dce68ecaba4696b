"""Requests for public information: the 14-day clock, delay and fee notices, decisions, pages."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.exceptions import ServiceError
from magistrat.registers import services
from magistrat.registers.models import InfoRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def register(received: str = "2026-04-19 10:00", **fields) -> InfoRequest:
    values = dict(
        channel="email",
        subject="Umowy na odśnieżanie",
        request_text="Proszę o kopie umów na odśnieżanie dróg zawartych w 2025 r.",
        release_form="electronic",
        requester_email="jan@example.pl",
    )
    return services.info_request_register(received_at=at(received), **(values | fields))


def test_fourteen_days_worked_example():
    request = register("2026-04-19 10:00")  # Sunday; day 14 is Sunday 3 May (a holiday as well)
    assert request.number == "IP.1431.1.2026"
    assert request.clock.due_day == date(2026, 5, 4)
    assert request.clock.status(at("2026-05-05 08:00")) == Status.OVERDUE


def test_delay_notice_must_come_within_14_days_and_up_to_2_months():
    old = register("2026-01-30 09:00")
    with pytest.raises(ServiceError, match="14 days"):  # it is November now: the 14 days are long gone
        services.info_request_extend(
            request=old,
            extended_to=date(2026, 3, 30),
            reason="Obszerne dane",
            notified_at=at("2026-02-05 10:00"),
        )
    now = timezone.localtime()
    fresh = register(now.strftime("%Y-%m-%d %H:%M"))
    latest = fresh.received_at.date() + timedelta(days=70)
    with pytest.raises(ServiceError, match="no later than"):
        services.info_request_extend(
            request=fresh, extended_to=latest, reason="Obszerne dane", notified_at=now
        )
    with pytest.raises(ServiceError, match="reasons"):
        services.info_request_extend(
            request=fresh, extended_to=fresh.clock.due_day + timedelta(days=10), reason=" ", notified_at=now
        )
    new_date = fresh.clock.due_day + timedelta(days=10)
    services.info_request_extend(
        request=fresh, extended_to=new_date, reason="Dokumenty w archiwum zakładowym", notified_at=now
    )
    fresh.refresh_from_db()
    assert fresh.clock.due_day >= new_date


def test_fee_moves_release_to_14_days_after_the_notice():
    now = timezone.localtime()
    request = register(now.strftime("%Y-%m-%d %H:%M"))
    with pytest.raises(ServiceError, match="more than zero"):
        services.info_request_fee(request=request, amount=Decimal("0"), reason="Kopie", notified_at=now)
    services.info_request_fee(
        request=request, amount=Decimal("35.00"), reason="Skanowanie 700 stron", notified_at=now
    )
    from magistrat.core.deadlines import due_date

    assert request.clock.due_day >= due_date(now, "14d")


def test_refusal_is_a_decision_naming_who_took_a_position():
    request = register()
    with pytest.raises(ServiceError, match="decision"):
        services.info_request_close(
            request=request,
            outcome="refused",
            decision_number="OR.1431.1.2026",
            decision_date=date(2026, 4, 30),
        )
    request.refresh_from_db()
    assert request.closed_at is None
    services.info_request_close(
        request=request,
        outcome="refused",
        decision_number="OR.1431.1.2026",
        decision_date=date(2026, 10, 16),
        decision_persons="Anna Nowak – naczelnik Wydziału Organizacyjnego",
    )
    with pytest.raises(ServiceError, match="between"):
        services.info_request_delivered(request=request, delivered_on=date(2026, 10, 1))
    services.info_request_delivered(request=request, delivered_on=date(2026, 10, 18))
    assert request.appeal_due == date(2026, 11, 2)  # day 14 is Sunday 1 November (All Saints' Day)


def test_release_needs_a_description_and_form_needs_contact():
    request = register()
    with pytest.raises(ServiceError, match="Describe"):
        services.info_request_close(request=request, outcome="released")
    services.info_request_close(request=request, outcome="released", released="Skany 3 umów wysłane e-mailem")
    with pytest.raises(ServiceError, match="e-mail"):
        register(requester_email="")
    with pytest.raises(ServiceError, match="postal"):
        register(release_form="paper", requester_address="")


def test_public_form_is_idempotent_and_traps_bots(client, office):
    import uuid

    key = str(uuid.uuid4())
    data = {
        "subject": "Wydatki na promocję",
        "request_text": "Proszę o zestawienie wydatków na promocję miasta w 2025 r.",
        "release_form": "electronic",
        "requester_email": "anna@example.pl",
        "submission_key": key,
    }
    assert client.post(reverse("requests_public:submit"), data).status_code == 302
    assert client.post(reverse("requests_public:submit"), data).status_code == 302
    assert InfoRequest.objects.count() == 1
    client.post(
        reverse("requests_public:submit"), data | {"submission_key": str(uuid.uuid4()), "website": "spam"}
    )
    assert InfoRequest.objects.count() == 1
    bad = client.post(
        reverse("requests_public:submit"), data | {"submission_key": str(uuid.uuid4()), "requester_email": ""}
    )
    assert bad.status_code == 400 and InfoRequest.objects.count() == 1


def test_staff_pages_and_permissions(client, units, sa_head, fn_head, clerk, auditor):
    request = register(unit=units["SA-01"])
    client.force_login(clerk.user)
    assert client.get(reverse("registers:request_register")).status_code == 200
    assert client.get(reverse("registers:request_list")).status_code == 403
    client.force_login(fn_head.user)
    assert client.get(reverse("registers:request_detail", args=[request.pk])).status_code == 404
    client.force_login(sa_head.user)
    assert client.get(reverse("registers:request_detail", args=[request.pk])).status_code == 200
    response = client.post(
        reverse("registers:request_action", args=[request.pk, "close"]), {"outcome": "refused"}
    )
    assert response.status_code == 400
    client.force_login(auditor.user)
    assert client.get(reverse("registers:request_export") + "?format=xlsx").status_code == 200
    assert client.get(reverse("registers:request_statistics")).status_code == 200
    assert (
        client.post(
            reverse("registers:request_action", args=[request.pk, "close"]), {"outcome": "released"}
        ).status_code
        == 403
    )


def test_released_documents_are_kept_with_the_case(client, units, sa_head, fn_head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = register(unit=units["SA-01"])
    client.force_login(sa_head.user)
    url = reverse("registers:request_action", args=[request.pk, "document"])
    assert client.post(url, {"file": SimpleUploadedFile("umowy.pdf", b"MZ\x90 not pdf")}).status_code == 400
    assert client.post(url, {"file": SimpleUploadedFile("umowy.pdf", b"%PDF-1.4 umowy")}).status_code == 302
    document = request.documents.get()
    assert (
        client.get(reverse("registers:request_document", args=[request.pk, document.pk])).status_code == 200
    )
    client.force_login(fn_head.user)
    assert (
        client.get(reverse("registers:request_document", args=[request.pk, document.pk])).status_code == 404
    )
