"""The demo office gets nonconformities from every source it has data for, in every state, with
overdue actions, through the services (so the audit trail names who acted)."""

import pytest

from magistrat.core.models import AuditEntry
from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_records_in_every_state():
    from magistrat.core.demo import seed_demo

    seed_demo(small=True)
    states = set(Nonconformity.objects.values_list("state", flat=True))
    assert states == {"new", "analysed", "planned", "check", "closed", "dismissed"}
    sources = set(Nonconformity.objects.values_list("source", flat=True))
    assert {"staff_report", "complaint", "security_incident", "late_info_reply"} <= sources
    assert Action.objects.overdue().exists() and Action.objects.filter(state="verified").exists()
    assert EffectivenessCheck.objects.exclude(verdict="").exists()
    entry = AuditEntry.objects.filter(action="quality.nc.reported").first()
    assert entry.actor_id == Nonconformity.objects.get(pk=entry.object_id).reported_by_id


def test_every_demo_record_page_opens_for_the_quality_manager(client):
    from django.urls import reverse

    from magistrat.core.demo import seed_demo
    from magistrat.org.models import RoleAssignment
    from tests.conftest import verified_login

    seed_demo(small=True)
    manager = RoleAssignment.objects.filter(role="quality_manager").first().user
    client = verified_login(client, manager)
    for nc in Nonconformity.objects.all():
        assert client.get(reverse("quality:nc_detail", args=[nc.pk])).status_code == 200, nc.state
    for action in Action.objects.all():
        assert client.get(reverse("quality:action_detail", args=[action.pk])).status_code == 200
    for name in ("quality:nc_list", "quality:action_list", "quality:nc_raise", "core:home"):
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("quality:action_list") + "?overdue=1").content.decode()
    assert Action.objects.overdue().first().title in page
