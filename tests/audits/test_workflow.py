"""An audit from plan to close: checklist from the criteria, answers, findings (nonconformities open
records in the quality register, linked both ways), reporting and closing refused until complete,
acknowledgement by the audited unit's head; each step a named audit event."""

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.audits.audit_actions import ACTIONS
from magistrat.audits.models import Audit, ChecklistItem, Finding
from magistrat.audits.services import audits as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality.models import Nonconformity
from tests.audits.conftest import audit_dates, clauses

pytestmark = pytest.mark.django_db
SA01 = "SA-01"


def test_planning_builds_the_checklist_from_the_criteria(audit, quality):
    items = list(audit.checklist.select_related("clause"))
    assert [i.clause.ref for i in items] == ["8.5", "8.7"]
    assert all(i.result == "" for i in items) and "8.5" in items[0].question
    entry = AuditEntry.objects.get(action="audits.audit.planned")
    assert entry.actor == quality and entry.data["units"] == [SA01] and entry.data["criteria"] == 2


def test_planning_refusals(quality, programme, units, lead, today):
    start, end = audit_dates(today)
    base = dict(by=quality, programme=programme, title="A", planned_start=start, planned_end=end, lead=lead)
    with pytest.raises(ServiceError, match="units to audit"):
        services.audit_plan(units=[], clauses=clauses("8.5"), **base)
    with pytest.raises(ServiceError, match="criteria"):
        services.audit_plan(units=[units[SA01]], clauses=[], **base)
    with pytest.raises(ServiceError, match="end before it starts"):
        services.audit_plan(
            units=[units[SA01]],
            clauses=clauses("8.5"),
            **base
            | {"planned_end": start.replace(day=1) if start.day > 1 else start.replace(year=start.year - 1)},
        )
    with pytest.raises(ServiceError, match="programme's year"):
        services.audit_plan(
            units=[units[SA01]],
            clauses=clauses("8.5"),
            **base
            | {
                "planned_start": start.replace(year=start.year + 1),
                "planned_end": end.replace(year=end.year + 1),
            },
        )
    assert not Audit.objects.exists()


def test_the_whole_workflow(audit, started, lead, member, head, quality, units):
    item, other = audit.checklist.order_by("position")
    services.checklist_answer(item=item, by=member, result="conforms", evidence="Sample of 10 cases.")
    finding = services.finding_record(
        audit=audit,
        by=lead,
        kind="minor",
        unit=units[SA01],
        clause=item.clause,
        description="Old service cards.",
    )
    observation = services.finding_record(
        audit=audit, by=member, kind="observation", unit=units[SA01], description="Queues at noon."
    )
    assert (finding.number, observation.number) == (1, 2)
    with pytest.raises(ServiceError, match="1 unanswered"):
        services.audit_report(audit=audit, by=lead, summary="Done.")
    services.checklist_answer(item=other, by=lead, result="nonconforms")
    with pytest.raises(ServiceError, match="refer to a clause"):
        services.audit_report(audit=audit, by=lead, summary="Done.")
    with pytest.raises(ServiceError, match="conclusions"):
        services.audit_report(audit=audit, by=lead, summary="  ")
    assert Audit.objects.get().state == Audit.State.IN_PROGRESS
    services.finding_update(
        finding=observation, by=member, kind="observation", clause=other.clause, description="Queues at noon."
    )
    services.audit_report(audit=audit, by=lead, summary="The process works; one minor nonconformity.")
    with pytest.raises(ServiceError, match="acknowledge the findings \\(SA-01\\)"):
        services.audit_close(audit=audit, by=quality)
    with pytest.raises(PermissionDenied):
        services.findings_acknowledge(audit=audit, unit=units[SA01], by=lead)
    services.findings_acknowledge(audit=audit, unit=units[SA01], by=head, comment="We will update the cards.")
    with pytest.raises(ServiceError, match="already acknowledged"):
        services.findings_acknowledge(audit=audit, unit=units[SA01], by=head)
    services.audit_close(audit=audit, by=quality)
    audit.refresh_from_db()
    assert audit.state == Audit.State.CLOSED and audit.closed_at
    actions = list(
        AuditEntry.objects.filter(action__in=ACTIONS).order_by("pk").values_list("action", flat=True)
    )
    assert actions.count("audits.finding.recorded") == 2 and actions.count("audits.checklist.answered") == 2
    assert actions[-4:] == [
        "audits.finding.updated",
        "audits.audit.reported",
        "audits.findings.acknowledged",
        "audits.audit.closed",
    ]
    ack = AuditEntry.objects.get(action="audits.findings.acknowledged")
    assert ack.actor == head and ack.data == {
        "unit": SA01,
        "comment": "We will update the cards.",
        "findings": 2,
    }


def test_a_nonconformity_finding_opens_a_linked_record_in_the_quality_register(started, lead, units):
    clause = started.criteria.get(ref="8.7")
    finding = services.finding_record(
        audit=started,
        by=lead,
        kind="major",
        unit=units[SA01],
        clause=clause,
        description="No NC register.",
        evidence="Interview.",
    )
    nc = Nonconformity.objects.get()
    assert nc.source == "audit_finding" and nc.linked_object == finding and nc.unit == units[SA01]
    assert nc.reported_by == lead and "major nonconformity" in nc.title and "Interview." in nc.description
    assert nc.linked_url == f"/audits/findings/{finding.pk}/"
    assert AuditEntry.objects.filter(action="quality.nc.raised", actor=lead).exists()
    # Observations do not; one that becomes a nonconformity does, once.
    other = services.finding_record(
        audit=started, by=lead, kind="observation", unit=units[SA01], description="x"
    )
    assert Nonconformity.objects.count() == 1
    services.finding_update(finding=other, by=lead, kind="minor", clause=clause, description="x")
    services.finding_update(finding=other, by=lead, kind="minor", clause=clause, description="x again")
    assert Nonconformity.objects.count() == 2


def test_only_the_assigned_auditors_conduct(started, units, quality):
    from tests.factories import StaffFactory, grant

    outsider = grant(StaffFactory(unit=units["FN"]).user, "internal_auditor")
    item = started.checklist.first()
    with pytest.raises(PermissionDenied):
        services.checklist_answer(item=item, by=outsider, result="conforms")
    with pytest.raises(PermissionDenied):
        services.finding_record(audit=started, by=outsider, kind="minor", unit=units[SA01], description="x")
    with pytest.raises(PermissionDenied):
        services.audit_report(audit=started, by=outsider, summary="x")
    assert not Finding.objects.exists() and ChecklistItem.objects.filter(result="").count() == 2


def test_findings_and_answers_need_an_audit_in_progress(audit, lead, units):
    with pytest.raises(ServiceError, match="in progress"):
        services.finding_record(audit=audit, by=lead, kind="minor", unit=units[SA01], description="x")
    with pytest.raises(ServiceError, match="in progress"):
        services.checklist_answer(item=audit.checklist.first(), by=lead, result="conforms")
    services.audit_start(audit=audit, by=lead)
    with pytest.raises(ServiceError, match="Only a planned audit"):
        services.audit_start(audit=audit, by=lead)
    with pytest.raises(ServiceError, match="audited units"):
        services.finding_record(audit=audit, by=lead, kind="minor", unit=units["FN"], description="x")
    with pytest.raises(ServiceError, match="among the audit's criteria"):
        services.finding_record(
            audit=audit, by=lead, kind="minor", unit=units[SA01], clause=clauses("9.2")[0], description="x"
        )
    with pytest.raises(ServiceError, match="type of finding"):
        services.finding_record(audit=audit, by=lead, kind="bad", unit=units[SA01], description="x")
    with pytest.raises(ServiceError, match="Choose the result"):
        services.checklist_answer(item=audit.checklist.first(), by=lead, result="maybe")
    with pytest.raises(ServiceError):
        services.finding_record(
            audit=audit, by=lead, kind="minor", unit=units[SA01], description="bad\x00text"
        )
    assert not Finding.objects.exists() and not Nonconformity.objects.exists()
