"""Owners act on what is theirs: one rule in isms/permissions.py, asked by the pages (`may`) and by
the services that change owned records (`require_may`), so a direct call cannot go around it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from magistrat.core.models import AuditEntry
from magistrat.core.permissions import may
from magistrat.core.uploads import CheckedFile
from magistrat.isms.models import ControlCheck, Evidence, Incident, IncidentEntry, TreatmentTask
from magistrat.isms.services import assets, controls, incidents, risks
from tests.isms.conftest import make_asset, make_control, make_risk

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf() -> CheckedFile:
    return CheckedFile("d.pdf", "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


@pytest.fixture
def records(owner, officer, assessment):
    """An asset, a risk with a task, a control with a check and an incident action, all `owner`'s."""
    risk = make_risk(assessment, owner)
    task = risks.task_save(
        task=TreatmentTask(scenario=risk, title="Segmentacja", owner=owner, due_on=timezone.localdate()),
        by=officer,
    )
    control = make_control(owner)
    check = controls.check_save(
        check=ControlCheck(control=control, title="Test kopii", every_months=3, next_due=timezone.localdate())
    )
    incident = incidents.incident_save(
        incident=Incident(
            title="Awaria",
            description="Dysk",
            detected_at=timezone.now() - timedelta(hours=2),
            aware_at=timezone.now() - timedelta(hours=1),
            severity=Incident.Severity.LOW,
            handler=officer,
        )
    )
    action = incidents.incident_entry_add(
        incident=incident,
        kind=IncidentEntry.Kind.ACTION,
        at=timezone.now(),
        text="Wymienić dysk",
        by=officer,
        owner=owner,
        due_on=timezone.localdate(),
    )
    return {
        "asset": make_asset("APP-9", owner),
        "risk": risk,
        "task": task,
        "control": control,
        "check": check,
        "action": action,
    }


def test_the_rule_owner_officer_and_anyone_else(records, owner, officer, other_user, leader):
    for record in records.values():
        assert may(owner, "isms.manage_isms", record)
        assert may(officer, "isms.manage_isms", record)
        assert not may(other_user, "isms.manage_isms", record)  # staff without the role
        assert not may(leader, "isms.manage_isms", record)  # sees the registers, does not manage them


def test_services_refuse_anyone_but_the_owner_or_the_officer(records, other_user, leader):
    evidence = Evidence.objects.create(control=records["control"], title="Raport")
    today = timezone.localdate()
    for user in (other_user, leader):
        with pytest.raises(PermissionDenied):
            assets.asset_review(asset=records["asset"], next_review=today + timedelta(days=30), user=user)
        with pytest.raises(PermissionDenied):
            risks.task_complete(task=records["task"], user=user)
        with pytest.raises(PermissionDenied):
            incidents.incident_action_done(entry=records["action"], user=user)
        with pytest.raises(PermissionDenied):
            controls.evidence_save(evidence=Evidence(control=records["control"], title="Inny"), user=user)
        with pytest.raises(PermissionDenied):
            controls.evidence_upload(evidence=evidence, file=pdf(), by=user)
        with pytest.raises(PermissionDenied):
            controls.check_result_record(
                check=records["check"], performed_on=today, outcome="passed", by=user
            )
    for record in (records["asset"], records["task"], records["action"]):
        record.refresh_from_db()
    assert records["asset"].reviewed_on is None
    assert records["task"].done_at is None and records["action"].done_at is None
    assert not evidence.revisions.exists() and not records["check"].results.exists()
    assert Evidence.objects.filter(control=records["control"]).count() == 1


def test_the_owner_acts_and_each_act_is_named_in_the_trail(records, owner):
    today = timezone.localdate()
    assets.asset_review(asset=records["asset"], next_review=today + timedelta(days=365), user=owner)
    risks.task_complete(task=records["task"], user=owner, note="Zrobione")
    incidents.incident_action_done(entry=records["action"], user=owner)
    evidence = controls.evidence_save(
        evidence=Evidence(control=records["control"], title="Raport"), user=owner
    )
    revision = controls.evidence_upload(evidence=evidence, file=pdf(), by=owner)
    controls.check_result_record(check=records["check"], performed_on=today, outcome="passed", by=owner)
    expected = {
        "isms.asset.reviewed": {
            "asset": "APP-9",
            "reviewed_on": today.isoformat(),
            "next_review": (today + timedelta(days=365)).isoformat(),
        },
        "isms.task.completed": {
            "risk": records["risk"].code,
            "task": "Segmentacja",
            "due_on": today.isoformat(),
            "note": "Zrobione",
        },
        "isms.evidence.uploaded": {
            "control": str(records["control"]),
            "evidence": "Raport",
            "revision": 1,
            "file": revision.filename,
            "hash": "0" * 64,
        },
    }
    for action, data in expected.items():
        entry = AuditEntry.objects.get(action=action)
        assert entry.data == data and entry.actor_id == owner.pk, action
    done = AuditEntry.objects.get(action="isms.incident.action_done")
    assert done.actor_id == owner.pk and done.data["number"] == records["action"].incident.number
    result = AuditEntry.objects.get(action="isms.check.result_recorded")
    assert result.data["outcome"] == "passed" and result.data["performed_on"] == today.isoformat()


def test_a_non_owner_gets_403_from_the_pages_too(client, records, other_user, owner):
    client.force_login(other_user)
    url = reverse("isms:asset_review", args=[records["asset"].pk])
    assert client.post(url, {"next_review": "2099-01-01"}).status_code == 404  # not even visible
    client.force_login(owner)
    assert client.post(url, {"next_review": "2099-01-01"}).status_code == 302
    records["asset"].refresh_from_db()
    assert records["asset"].review_due.isoformat() == "2099-01-01"
