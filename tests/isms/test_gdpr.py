"""GDPR: the record of processing activities and data subject requests with their deadline."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.deadlines import WARSAW, Status
from magistrat.core.exceptions import ServiceError
from magistrat.isms.models import DataSubjectRequest, ProcessingActivity
from magistrat.isms.services import gdpr as services

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def activity(**fields) -> ProcessingActivity:
    values = dict(
        name="Ewidencja ludności",
        controller="Prezydent Miasta Testowo, ul. Rynek 1; IOD: iod@testowo.pl",
        purposes="Prowadzenie rejestru PESEL i ewidencji ludności",
        legal_basis="art. 6 ust. 1 lit. c RODO; ustawa o ewidencji ludności",
        data_subjects="Mieszkańcy",
        data_categories="Imię, nazwisko, PESEL, adres",
        recipients="Organy administracji publicznej",
        erasure="Zgodnie z JRWA, kat. A",
        security="Kontrola dostępu, szyfrowanie, kopie zapasowe",
    )
    return services.activity_save(activity=ProcessingActivity(**(values | fields)))


def test_controller_record_needs_the_art_30_1_fields():
    with pytest.raises(ServiceError):
        activity(purposes="")
    with pytest.raises(ServiceError):
        activity(role="processor")  # 30.2: the controllers it acts for and the categories of processing
    record = activity(
        role="processor",
        processor="Gmina Sąsiednia",
        processing_categories="Druk decyzji podatkowych",
        purposes="",
    )
    assert record.pk and ProcessingActivity.objects.count() == 1


def dsr(received: str = "2026-01-31 12:00", **fields) -> DataSubjectRequest:
    from tests.factories import UserFactory

    values = dict(
        right="access",
        requester="Jan Nowak",
        contact="jan@example.pl",
        description="Kopia danych",
        handler=UserFactory(),
    )
    return services.dsr_register(received_at=at(received), **(values | fields))


def test_one_month_deadline_worked_example():
    request = dsr("2026-01-31 12:00")
    # 31 January + 1 month = 28 February 2026, a Saturday: due Monday 2 March.
    assert request.clock.due_day == date(2026, 3, 2)
    assert request.number == "RODO.1.2026"


def test_extension_within_the_first_month_and_at_most_three_months():
    request = dsr("2026-01-31 12:00")
    with pytest.raises(ServiceError, match="within a month"):
        services.dsr_extend(
            request=request,
            extended_to=date(2026, 4, 30),
            reason="Złożoność",
            notified_at=at("2026-03-03 09:00"),
        )
    with pytest.raises(ServiceError, match="no later than 2026-04-30"):
        services.dsr_extend(
            request=request,
            extended_to=date(2026, 5, 4),
            reason="Złożoność",
            notified_at=at("2026-02-20 09:00"),
        )
    with pytest.raises(ServiceError, match="reasons"):
        services.dsr_extend(
            request=request, extended_to=date(2026, 4, 30), reason=" ", notified_at=at("2026-02-20 09:00")
        )
    request.refresh_from_db()
    assert request.extended_to is None
    services.dsr_extend(
        request=request,
        extended_to=date(2026, 4, 30),
        reason="Liczba żądań",
        notified_at=at("2026-02-20 09:00"),
    )
    request.refresh_from_db()
    assert request.clock.due_day == date(2026, 4, 30)
    assert request.clock.status(at("2026-04-30 12:00")) == Status.DUE_SOON


def test_refusal_needs_reasons():
    request = dsr(timezone.localtime().strftime("%Y-%m-%d %H:%M"))
    with pytest.raises(ServiceError, match="refusal"):
        services.dsr_complete(request=request, outcome="refused", reply="")
    services.dsr_complete(request=request, outcome="fulfilled", reply="")
    assert request.clock.status() == Status.DONE


def test_future_receipt_is_refused():
    with pytest.raises(ServiceError):
        dsr((timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"))
    assert DataSubjectRequest.objects.count() == 0


def test_pages_exports_and_permissions(client, officer_client, leader, clerk):
    record = activity()
    request = dsr()
    for url in [
        reverse("isms:activity_list"),
        reverse("isms:activity_detail", args=[record.pk]),
        reverse("isms:activity_edit", args=[record.pk]),
        reverse("isms:dsr_list") + "?state=all",
        reverse("isms:dsr_detail", args=[request.pk]),
        reverse("isms:dsr_register"),
    ]:
        assert officer_client.get(url).status_code == 200, url
    pdf = officer_client.get(reverse("isms:activity_list") + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = officer_client.get(reverse("isms:activity_list") + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    response = officer_client.post(
        reverse("isms:dsr_action", args=[request.pk, "extend"]),
        {"extended_to": "2026-06-30", "reason": "x", "notified_at": "2026-02-10T10:00"},
    )
    assert response.status_code == 400
    client.force_login(leader)
    assert client.get(reverse("isms:activity_list")).status_code == 200
    assert client.get(reverse("isms:activity_edit", args=[record.pk])).status_code == 403
    assert (
        client.post(
            reverse("isms:dsr_action", args=[request.pk, "complete"]), {"outcome": "fulfilled"}
        ).status_code
        == 403
    )
    client.force_login(clerk.user)
    assert client.get(reverse("isms:activity_list")).status_code == 403
    assert client.get(reverse("isms:dsr_detail", args=[request.pk])).status_code == 403
