"""The nonconformity workflow: raise or report, triage, analyse, plan actions, effectiveness check
after the actions, decision, close — and every refusal leaves nothing saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality import policy
from magistrat.quality.attention import quality_attention
from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity
from magistrat.quality.services import actions as action_services
from magistrat.quality.services import nonconformities as services
from magistrat.quality.sources import Proposal

pytestmark = pytest.mark.django_db
State = Nonconformity.State


def _events(nc) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="quality.nonconformity", object_id=str(nc.pk))
        .filter(action__startswith="quality.nc.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_raised_record_gets_a_number_from_its_register(make_nc, today):
    nc = make_nc()
    assert nc.number == f"NC.1.{today.year}" and nc.state == State.NEW
    assert make_nc().number == f"NC.2.{today.year}"
    assert "quality.nc.raised" in _events(nc)


def test_only_the_quality_manager_raises(units, today, fn_head):
    with pytest.raises(PermissionDenied):
        services.nc_raise(
            by=fn_head.user,
            source_code="staff_report",
            title="x",
            description="y",
            unit=units["FN"],
            detected_on=today,
        )
    assert not Nonconformity.objects.exists()


def test_any_member_of_staff_reports_and_it_waits_for_triage(clerk, quality, units, today):
    nc = services.nc_report(
        by=clerk.user,
        title="Queue ticket printer broken",
        description="No tickets since 9:00.",
        unit=units["SA-01"],
        detected_on=today,
    )
    assert nc.source == "staff_report" and nc.reported_by == clerk.user
    items = [i for i in quality_attention(quality) if i.kind == "assign"]
    assert [i.url for i in items] == [nc.get_absolute_url()]
    services.nc_dismiss(nc=nc, by=quality, reason="A one-off hardware fault, repaired the same day.")
    assert not [i for i in quality_attention(quality) if i.kind == "assign"]
    assert Nonconformity.objects.get().state == State.DISMISSED


def test_a_future_detection_date_is_refused(quality, units, today):
    with pytest.raises(ServiceError, match="future"):
        services.nc_report(
            by=quality, title="x", description="y", unit=units["FN"], detected_on=today + timedelta(days=1)
        )
    assert not Nonconformity.objects.exists()


def test_the_analysis_needs_a_root_cause_and_answers_to_every_why(make_nc, quality):
    nc = make_nc()
    with pytest.raises(ServiceError, match="root cause"):
        services.nc_analyse(nc=nc, by=quality, root_cause="")
    with pytest.raises(ServiceError, match="answer"):
        services.nc_analyse(nc=nc, by=quality, whys=[{"why": "Why?", "because": ""}], root_cause="x")
    six = [{"why": f"w{i}", "because": f"b{i}"} for i in range(6)]
    with pytest.raises(ServiceError, match="At most 5"):
        services.nc_analyse(nc=nc, by=quality, whys=six, root_cause="x")
    nc.refresh_from_db()
    assert nc.state == State.NEW and nc.root_cause == ""
    nc = services.nc_analyse(
        nc=nc,
        by=quality,
        whys=[{"why": "Old fee", "because": "Table not updated"}, {"why": "", "because": ""}],
        causes={"methods": "No owner", "people": " ", "nonsense": "ignored"},
        root_cause="Nobody owns the table",
        similar_elsewhere="The same table is used at BOM-02.",
        risk_updates="Risk of wrong fees added.",
        qms_updates="Procedure P-07 changed.",
    )
    assert nc.state == State.ANALYSED and len(nc.whys) == 1 and nc.causes == {"methods": "No owner"}


def test_actions_are_planned_only_after_the_analysis(make_nc, quality, owner, units, monday):
    nc = make_nc()
    with pytest.raises(ServiceError, match="root cause"):
        services.nc_action_add(nc=nc, by=quality, title="x", owner=owner, unit=units["FN"], due_on=monday)
    assert not Action.objects.exists()


def test_closing_is_refused_with_open_actions_or_without_an_effectiveness_check(
    analysed, quality, owner, units, monday, today
):
    nc = analysed()
    with pytest.raises(ServiceError, match="effectiveness check"):
        services.nc_close(nc=nc, by=quality)
    action = services.nc_action_add(
        nc=nc, by=quality, title="Name an owner", owner=owner, unit=units["FN"], due_on=monday
    )
    nc.refresh_from_db()
    assert nc.state == State.PLANNED
    with pytest.raises(ServiceError, match="actions are open"):
        services.nc_close(nc=nc, by=quality)
    nc.refresh_from_db()
    assert nc.state == State.PLANNED and nc.closed_at is None
    action_services.action_done(action=action, by=owner)
    nc.refresh_from_db()
    check = nc.checks.get()
    assert nc.state == State.CHECK
    assert check.due_on == today + timedelta(days=policy.value("effectiveness_check_days"))
    with pytest.raises(ServiceError, match="effectiveness check"):
        services.nc_close(nc=nc, by=quality)
    with pytest.raises(ServiceError, match="due on"):
        services.nc_effectiveness_measure(nc=nc, by=quality)


def _to_check(analysed, quality, owner, units, monday):
    nc = analysed()
    action = services.nc_action_add(
        nc=nc, by=quality, title="Name an owner", owner=owner, unit=units["FN"], due_on=monday
    )
    action_services.action_done(action=action, by=owner)
    nc.refresh_from_db()
    return nc, action


def test_not_effective_sends_the_record_back_for_new_actions(analysed, quality, owner, units, monday):
    nc, _action = _to_check(analysed, quality, owner, units, monday)
    later = nc.checks.get().due_on
    check = services.nc_effectiveness_measure(nc=nc, by=quality, today=later)
    assert check.proposal == Proposal.NO_MEASURE  # a staff report has no data measure
    services.nc_effectiveness_confirm(nc=nc, by=quality, verdict="not_effective", today=later)
    nc.refresh_from_db()
    assert nc.state == State.ANALYSED
    second = services.nc_action_add(
        nc=nc, by=quality, title="Train the desk", owner=owner, unit=units["FN"], due_on=monday
    )
    nc.refresh_from_db()
    assert nc.state == State.PLANNED
    action_services.action_done(action=second, by=owner)
    assert nc.checks.count() == 2


def test_effective_verifies_the_actions_and_the_record_closes(analysed, quality, owner, units, monday):
    nc, action = _to_check(analysed, quality, owner, units, monday)
    later = nc.checks.get().due_on
    with pytest.raises(ServiceError, match="effective or not"):
        services.nc_effectiveness_confirm(nc=nc, by=quality, verdict="maybe", today=later)
    check = services.nc_effectiveness_confirm(
        nc=nc, by=quality, verdict="effective", note="Fees right since", today=later
    )
    assert check.verdict == EffectivenessCheck.Verdict.EFFECTIVE and check.decided_by == quality
    action.refresh_from_db()
    assert action.state == Action.State.VERIFIED
    nc = services.nc_close(nc=nc, by=quality, note="Done")
    assert nc.state == State.CLOSED
    assert _events(nc) == [
        "quality.nc.raised",
        "quality.nc.analysed",
        "quality.nc.actions_planned",
        "quality.nc.check_scheduled",
        "quality.nc.effectiveness_measured",
        "quality.nc.effectiveness_confirmed",
        "quality.nc.closed",
    ]


def test_cancelling_every_action_returns_the_record_to_analysed(analysed, quality, owner, units, monday):
    nc = analysed()
    action = services.nc_action_add(
        nc=nc, by=quality, title="x", owner=owner, unit=units["FN"], due_on=monday
    )
    action_services.action_cancel(action=action, by=quality, reason="Wrong owner")
    nc.refresh_from_db()
    assert nc.state == State.ANALYSED and not nc.checks.exists()


def test_the_daily_job_measures_due_checks(analysed, quality, owner, units, monday, monkeypatch):
    from magistrat.quality import tasks

    nc, _action = _to_check(analysed, quality, owner, units, monday)
    EffectivenessCheck.objects.update(due_on=nc.checks.get().actions_done_on)
    assert tasks.effectiveness_measure_due.call() == 1
    assert nc.checks.get().proposal == Proposal.NO_MEASURE
    assert any("effectiveness" in i.title for i in quality_attention(quality))
