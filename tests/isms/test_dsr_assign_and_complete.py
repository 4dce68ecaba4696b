"""Data subject requests: registered without a handler, assigned, completed with a confirmed outcome."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.core.models import Notification
from magistrat.core.tasks import daily_deadline_reminders
from magistrat.isms.models import DataSubjectRequest
from magistrat.isms.services import gdpr as services
from tests.conftest import verified_login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _request(**fields):
    values = dict(
        right=DataSubjectRequest.Right.ERASURE,
        received_at=timezone.now() - timedelta(days=40),
        requester="Jan Kowalski",
        contact="jan@example.pl",
        description="Proszę usunąć moje dane.",
    )
    return services.dsr_register(**(values | fields))


def test_registered_without_a_handler_then_assigned_from_its_page(client, officer, units, clerk):
    handler = StaffFactory(unit=units["FN"])
    verified_login(client, officer)
    response = client.post(
        reverse("isms:dsr_register"),
        {
            "right": "access",
            "received_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "requester": "Anna Nowak",
            "contact": "anna@example.pl",
            "description": "Kopia danych",
            "handler": "",
        },
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.handler is None
    url = reverse("isms:dsr_action", args=[request.pk, "assign"])
    assert client.post(url, {"handler": "nope"}).status_code == 400
    assert client.post(url, {"handler": handler.pk}).status_code == 302
    request.refresh_from_db()
    assert request.handler == handler.user
    client.force_login(clerk.user)
    assert client.post(url, {"handler": handler.pk}).status_code == 403


def test_completion_is_chosen_and_confirmed_and_clears_the_reminders(client, officer, units):
    request = _request(handler=officer)
    daily_deadline_reminders.enqueue()
    detail = reverse("isms:dsr_detail", args=[request.pk])
    assert Notification.objects.filter(user=officer, url=detail, read_at__isnull=True).exists()
    verified_login(client, officer)
    page = client.get(detail).content.decode()
    assert '<option value="" selected>' in page
    url = reverse("isms:dsr_action", args=[request.pk, "complete"])
    assert client.post(url, {"outcome": "fulfilled"}).status_code == 400  # not confirmed
    request.refresh_from_db()
    assert request.closed_at is None
    assert client.post(url, {"outcome": "fulfilled", "confirm": "on"}).status_code == 302
    request.refresh_from_db()
    assert request.closed_at is not None
    assert not Notification.objects.filter(url=detail, read_at__isnull=True).exists()
