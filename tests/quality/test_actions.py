"""The one action register: who plans, who marks done, who cancels; deadlines on the engine."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.core.deadlines import Status, is_working_day
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality import selectors
from magistrat.quality.attention import quality_attention
from magistrat.quality.models import Action
from magistrat.quality.services import actions as services

pytestmark = pytest.mark.django_db


def _action(quality, owner, units, due_on, **extra):
    return services.action_create(
        by=quality, title="Update the fee table", owner=owner, unit=units["FN"], due_on=due_on, **extra
    )


def test_the_quality_manager_plans_and_the_owner_marks_done(quality, owner, units, monday):
    action = _action(quality, owner, units, monday)
    assert action.state == Action.State.OPEN and action.status() == Status.OPEN
    services.action_done(action=action, by=owner, note="Table updated")
    action.refresh_from_db()
    assert (
        action.state == Action.State.DONE and action.done_by == owner and action.done_note == "Table updated"
    )
    assert action.status() == Status.DONE
    actions = set(AuditEntry.objects.filter(object_id=str(action.pk)).values_list("action", flat=True))
    assert {"quality.action.created", "quality.action.done"} <= actions


def test_only_the_quality_manager_plans(owner, units, monday, sa_head):
    with pytest.raises(PermissionDenied):
        _action(sa_head.user, owner, units, monday)
    assert not Action.objects.exists()


def test_someone_else_cannot_mark_an_action_done(quality, owner, units, monday, fn_head):
    action = _action(quality, owner, units, monday)
    with pytest.raises(PermissionDenied):
        services.action_done(action=action, by=fn_head.user)
    action.refresh_from_db()
    assert action.state == Action.State.OPEN


def test_the_owner_cannot_cancel_their_action_and_cancelling_needs_a_reason(quality, owner, units, monday):
    action = _action(quality, owner, units, monday)
    with pytest.raises(PermissionDenied):
        services.action_cancel(action=action, by=owner, reason="Too busy")
    with pytest.raises(ServiceError, match="Say why"):
        services.action_cancel(action=action, by=quality, reason=" ")
    services.action_cancel(action=action, by=quality, reason="Replaced by a better action")
    action.refresh_from_db()
    assert action.state == Action.State.CANCELLED and action.status() is None
    with pytest.raises(ServiceError, match="Only an open action"):
        services.action_done(action=action, by=owner)


def test_a_deadline_in_the_past_is_refused(quality, owner, units, today):
    with pytest.raises(ServiceError, match="past"):
        _action(quality, owner, units, today - timedelta(days=1))
    assert not Action.objects.exists()


def test_a_deadline_on_a_free_day_moves_to_the_next_working_day(quality, owner, units):
    # Saturday 14 August 2027 → Monday 16 August 2027 (15 August, Assumption, is a Sunday holiday).
    action = _action(quality, owner, units, date(2027, 8, 14), today=date(2027, 8, 1))
    assert action.due_on == date(2027, 8, 16) and is_working_day(action.due_on)


def test_overdue_status_and_the_same_count_for_manager_leadership_and_head(
    quality, owner, units, monday, fn_head, sa_head, today
):
    from tests.factories import StaffFactory, grant

    action = _action(quality, owner, units, monday)
    Action.objects.filter(pk=action.pk).update(due_on=today - timedelta(days=3))
    action.refresh_from_db()
    assert action.status() == Status.OVERDUE and action.is_overdue
    leader = grant(StaffFactory(unit=units["SA"]).user, "leadership")
    counts = {selectors.overdue_count(user=u) for u in (quality, leader, fn_head.user)}
    assert counts == {1}
    assert selectors.overdue_count(user=sa_head.user) == 0  # not in SA's units
    owners_items = quality_attention(owner)
    assert [i.status for i in owners_items] == [Status.OVERDUE]
    assert any("overdue" in i.title for i in quality_attention(quality))
    assert any("overdue" in i.title for i in quality_attention(leader))


def test_the_register_is_scoped_to_the_units_and_the_owner(quality, owner, units, monday, sa_head, fn_head):
    action = _action(quality, owner, units, monday)
    assert list(selectors.action_list(user=fn_head.user)) == [action]
    assert list(selectors.action_list(user=sa_head.user)) == []
    assert list(selectors.action_list(user=owner)) == [action]  # their own, without a role
    overdue = selectors.action_list(user=quality, filters=selectors.ActionFilters(overdue=True))
    assert list(overdue) == []


def test_the_owner_is_told_of_a_new_action(quality, owner, units, monday):
    from magistrat.core.models import Notification

    action = _action(quality, owner, units, monday)
    notification = Notification.objects.get(user=owner)
    assert notification.url == action.get_absolute_url()
