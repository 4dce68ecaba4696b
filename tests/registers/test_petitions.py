"""Petitions: published on the BIP when registered, 3-month clock and its extension, yearly summary."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.bip.models import Item
from magistrat.core.deadlines import WARSAW
from magistrat.core.exceptions import ServiceError
from magistrat.registers import services
from magistrat.registers.models import Petition
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def register(filed="2026-11-30 10:00", **fields) -> Petition:
    values = dict(
        petitioner="Stowarzyszenie Zielony Wiślin",
        petitioner_contact="biuro@zielony.example.pl",
        addressee="mayor",
        subject="Oświetlenie parku miejskiego",
        content="Wnosimy o oświetlenie alejek parku miejskiego.",
    )
    return services.petition_register(
        filed_at=datetime.fromisoformat(filed).replace(tzinfo=WARSAW), **(values | fields)
    )


def test_three_months_worked_example_and_extension():
    with pytest.raises(ServiceError, match="future"):
        register()
    petition = register("2026-08-31 10:00")
    assert petition.number == "PET.152.1.2026"
    assert petition.clock.due_day == date(2026, 11, 30)  # 30 November 2026 is a Monday
    with pytest.raises(ServiceError, match="no later than"):
        services.petition_extend(
            petition=petition, extended_to=date(2027, 3, 31), reason="Opinia rady dzielnicy"
        )
    services.petition_extend(petition=petition, extended_to=date(2027, 1, 29), reason="Opinia rady dzielnicy")
    assert petition.clock.due_day == date(2027, 1, 29)
    assert "Opinia rady dzielnicy" in petition.updates.get().text


def test_published_at_once_with_the_name_only_with_consent(client, office):
    anonymous = register("2026-10-01 10:00")
    named = register(
        "2026-10-02 10:00", petitioner="Jan Kowalski", consent_to_publish=True, subject="Ławki na placu"
    )
    listing = client.get(reverse("bip_public:petitions")).content.decode()
    assert anonymous.number in listing and named.number in listing
    page = client.get(reverse("bip_public:petition", args=[anonymous.number])).content.decode()
    assert "Stowarzyszenie Zielony Wiślin" not in page and "nie wyraził zgody" in page
    assert "Jan Kowalski" in client.get(reverse("bip_public:petition", args=[named.number])).content.decode()


def test_closing_needs_the_reply_and_the_yearly_summary_becomes_a_bip_draft(units):
    petition = register("2026-09-01 10:00")
    with pytest.raises(ServiceError, match="dealt with"):
        services.petition_close(petition=petition, outcome="accepted", reply=" ")
    services.petition_close(
        petition=petition, outcome="accepted", reply="Oświetlenie zostanie wykonane w 2027 r."
    )
    summary = services.petition_year_summary(timezone.localdate().year)
    assert summary["count"] == 1 and summary["petitions"][0]["subject"] == "Oświetlenie parku miejskiego"
    editor = grant(StaffFactory(unit=units["SA"]).user, "bip_editor")
    item = services.petition_summary_draft(year=timezone.localdate().year, by=editor)
    assert (
        item.state == Item.State.DRAFT
        and "Oświetlenie parku miejskiego" in item.body
        and "<table>" in item.body
    )


def test_staff_pages(client, units, clerk, sa_head, fn_head):
    petition = register("2026-10-01 10:00", unit=units["SA"])
    client.force_login(clerk.user)
    assert client.get(reverse("registers:petition_register")).status_code == 200
    assert client.get(reverse("registers:petition_list")).status_code == 403
    client.force_login(fn_head.user)
    assert client.get(reverse("registers:petition_detail", args=[petition.pk])).status_code == 404
    client.force_login(sa_head.user)
    response = client.post(
        reverse("registers:petition_action", args=[petition.pk, "update"]), {"text": "Wystąpiono o opinię"}
    )
    assert response.status_code == 302 and petition.updates.count() == 1
    response = client.post(
        reverse("registers:petition_action", args=[petition.pk, "close"]),
        {"outcome": "accepted", "reply": ""},
    )
    assert response.status_code == 400


def test_scan_is_published_and_disguised_files_refused(client, units, sa_head, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk.user)
    data = {
        "filed_at": "2026-10-01T10:00",
        "petitioner": "Jan Kowalski",
        "petitioner_contact": "jan@example.pl",
        "addressee": "mayor",
        "subject": "Ławki",
        "content": "Proszę o ławki.",
    }
    bad = client.post(
        reverse("registers:petition_register"), data | {"scan": SimpleUploadedFile("skan.pdf", b"MZ\x90\x00")}
    )
    assert bad.status_code == 400 and Petition.objects.count() == 0
    client.post(
        reverse("registers:petition_register"),
        data | {"scan": SimpleUploadedFile("skan.pdf", b"%PDF-1.4 skan")},
    )
    petition = Petition.objects.get()
    page = client.get(reverse("bip_public:petition", args=[petition.number])).content.decode()
    assert "Skan petycji" in page
    assert client.get(reverse("bip_public:petition_scan", args=[petition.number])).status_code == 200
