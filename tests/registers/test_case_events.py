"""Every state change of a case is a named audit event written by its service, with what an auditor
needs, and each name reads in the trail."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override

from magistrat.core.audit_labels import action_label, is_labelled
from magistrat.core.models import AuditEntry
from magistrat.core.uploads import check_upload
from magistrat.isms.services import gdpr
from magistrat.registers import services
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


def _events(case) -> dict[str, dict]:
    entries = AuditEntry.objects.filter(object_type=case._meta.label_lower, object_id=str(case.pk)).order_by(
        "id"
    )
    return {entry.action: entry.data | {"actor": entry.actor_id} for entry in entries if entry.data}


def _labelled(events: dict) -> None:
    with override("en"):
        for action in events:
            assert is_labelled(action) and action_label(action) != action, action


def test_a_complaints_course(units, sa_head):
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    case = services.complaint_register(
        kind="motion", channel="letter", subject="Ławki", content="Proszę o ławki.", by=quality
    )
    services.complaint_assign(complaint=case, unit=units["SA"], handler=sa_head.user, by=quality)
    new_due = case.clock.due_day + timedelta(days=14)
    services.complaint_extend(complaint=case, new_due=new_due, reason="Oględziny", by=sa_head.user)
    services.complaint_close(complaint=case, outcome="accepted", reply="Ustawimy ławki.", by=sa_head.user)
    events = _events(case)
    registered = events["registers.complaint.registered"]
    assert (
        registered["number"] == case.number
        and registered["kind"] == "motion"
        and registered["actor"] == quality.pk
    )
    assigned = events["registers.complaint.assigned"]
    assert (
        assigned["unit"] == "SA"
        and assigned["handler"] == sa_head.user.pk
        and assigned["before"]["unit"] is None
    )
    assert events["registers.complaint.extended"]["reason"] == "Oględziny"
    closed = events["registers.complaint.closed"]
    assert (
        closed["outcome"] == "accepted" and closed["actor"] == sa_head.user.pk and closed["on_time"] == "done"
    )
    _labelled(events)


def test_a_forwarded_complaint(units, sa_head):
    case = services.complaint_register(
        kind="complaint", channel="letter", subject="Drogi", content="…", unit=units["SA"], competent="other"
    )
    services.complaint_forward(complaint=case, forwarded_to="Wojewoda", note="Przekazano", by=sa_head.user)
    assert _events(case)["registers.complaint.forwarded"]["forwarded_to"] == "Wojewoda"


def test_a_requests_course(units, sa_head):
    now = timezone.localtime()
    case = services.info_request_register(
        channel="email",
        subject="Umowy",
        request_text="Proszę o umowy.",
        release_form="electronic",
        requester_email="jan@example.pl",
        received_at=now - timedelta(hours=1),
    )
    approver = grant(StaffFactory(unit=units["SA"]).user, "bip_approver")  # the requests' intake
    services.info_request_assign(request=case, unit=units["SA"], by=approver)
    services.info_request_extend(
        request=case,
        extended_to=case.clock.due_day + timedelta(days=10),
        reason="Dokumenty w archiwum",
        notified_at=now,
        by=sa_head.user,
    )
    services.info_request_fee(
        request=case, amount=Decimal("12.50"), reason="Kopie", notified_at=now, by=sa_head.user
    )
    document = check_upload(SimpleUploadedFile("umowa.pdf", b"%PDF-1.4 umowa"))
    services.info_request_document_add(request=case, file=document, by=sa_head.user)
    services.info_request_close(
        request=case,
        outcome="refused",
        decision_number="SA.1431.1.2026",
        decision_date=timezone.localdate(),
        decision_persons="Anna Nowak – naczelnik",
        by=sa_head.user,
    )
    services.info_request_delivered(request=case, delivered_on=timezone.localdate(), by=sa_head.user)
    events = _events(case)
    assert events["registers.inforequest.registered"]["release_form"] == "electronic"
    assert events["registers.inforequest.delay_notified"]["reason"] == "Dokumenty w archiwum"
    assert events["registers.inforequest.fee_notified"]["amount"] == "12.50"
    assert events["registers.inforequest.document_added"]["filename"] == "umowa.pdf"
    assert events["registers.inforequest.closed"]["decision_number"] == "SA.1431.1.2026"
    assert events["registers.inforequest.decision_delivered"]["appeal_due"]
    assert events["registers.inforequest.assigned"]["actor"] == approver.pk
    later = ("delay_notified", "fee_notified", "document_added", "closed", "decision_delivered")
    assert {events[f"registers.inforequest.{verb}"]["actor"] for verb in later} == {sa_head.user.pk}
    _labelled(events)


def test_a_petitions_course(units, sa_head):
    petition = services.petition_register(
        filed_at=timezone.now() - timedelta(days=2),
        petitioner="Jan Kowalski",
        petitioner_contact="jan@example.pl",
        addressee="mayor",
        subject="Ławki",
        content="Proszę o ławki.",
    )
    approver = grant(StaffFactory(unit=units["SA"]).user, "bip_approver")  # the petitions' intake
    services.petition_assign(petition=petition, unit=units["SA"], by=approver)
    services.petition_extend(
        petition=petition,
        extended_to=petition.clock.due_day + timedelta(days=30),
        reason="Opinia",
        by=sa_head.user,
    )
    services.petition_close(petition=petition, outcome="accepted", reply="Ustawiono ławki.", by=sa_head.user)
    events = _events(petition)
    assert events["registers.petition.registered"]["published"] is True
    assert events["registers.petition.extended"]["reason"] == "Opinia"
    assert "Opinia" in events["registers.petition.updated"]["text"]  # the extension is published
    assert events["registers.petition.closed"]["outcome"] == "accepted"
    _labelled(events)


def test_a_data_subject_requests_course(units):
    officer = grant(StaffFactory(unit=units["SA"]).user, "security_officer")
    dsr = gdpr.dsr_register(
        right="erasure",
        received_at=timezone.now() - timedelta(hours=1),
        requester="Jan Nowak",
        contact="jan@example.pl",
        description="Usunięcie danych",
        by=officer,
    )
    gdpr.dsr_assign(request=dsr, handler=officer, by=officer)
    gdpr.dsr_extend(
        request=dsr,
        extended_to=dsr.clock.due_day + timedelta(days=20),
        reason="Liczba żądań",
        notified_at=timezone.now(),
        by=officer,
    )
    gdpr.dsr_complete(request=dsr, outcome="partly", reply="Część danych musimy przechowywać.", by=officer)
    events = _events(dsr)
    assert events["isms.dsr.registered"]["right"] == "erasure"
    assert events["isms.dsr.assigned"]["handler"] == officer.pk
    assert events["isms.dsr.extended"]["reason"] == "Liczba żądań"
    assert events["isms.dsr.completed"]["outcome"] == "partly"
    _labelled(events)
