"""The demo office gets nonconformities from every source it has data for, in every state, with
overdue actions, through the services (so the audit trail names who acted)."""

import pytest

from magistrat.core.models import AuditEntry
from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_the_small_demo_has_records_in_every_state():
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

    from magistrat.org.models import RoleAssignment
    from tests.conftest import verified_login

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


def test_the_demo_has_a_reviewed_context_a_policy_in_force_and_risks_with_actions():
    from magistrat.quality.models import ContextReview, PolicyVersion, QualityRisk

    assert ContextReview.objects.count() == 2 and ContextReview.objects.first().climate_relevant
    assert list(PolicyVersion.objects.values_list("state", flat=True)) == ["current", "superseded"]
    current = PolicyVersion.objects.get(state="current")
    approval = AuditEntry.objects.filter(action="quality.policy.approved", object_id=current.pk).get()
    assert approval.actor_id == current.approved_by_id != current.drafted_by_id
    risks = QualityRisk.objects.all()
    assert risks.count() == 5 and {"risk"} <= set(risks.values_list("kind", flat=True))
    assert all(Action.objects.of(risk).exists() for risk in risks.exclude(response="accept"))
    created = AuditEntry.objects.filter(action="quality.risk.created")
    assert created.count() == 5 and {entry.actor_id for entry in created} == {current.drafted_by_id}


def test_the_demo_process_map_has_every_lane_and_links_to_services_and_documents():
    from magistrat.quality.models import Process, ProcessLink

    processes = Process.objects.all()
    assert processes.count() == 6 and set(processes.values_list("category", flat=True)) == {
        "management",
        "core",
    }
    assert ProcessLink.objects.exists()
    described = AuditEntry.objects.filter(action="quality.process.described")
    assert described.count() == 6


def test_the_demo_has_a_held_review_with_decisions_and_the_next_in_preparation():
    from magistrat.quality.context_attention import context_attention
    from magistrat.quality.models import ManagementReview

    held, draft = ManagementReview.objects.order_by("period_end")
    assert held.state == "held" and len(held.pack_hash) == 64 and held.decisions.count() == 3
    assert held.decisions.filter(action__state="done").exists()
    assert draft.state == "draft"
    manager = AuditEntry.objects.filter(action="quality.review.held").get().actor
    assert any("Hold the management review" in item.title for item in context_attention(manager))
