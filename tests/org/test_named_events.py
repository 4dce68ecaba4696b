"""State changes of the organisation model are named events in the audit trail (the field-diff
trail stays underneath): deactivating and reactivating an account, granting and revoking a role,
changing a unit's head."""

import pytest
from django.http import Http404

from magistrat.core.models import AuditEntry
from magistrat.org import selectors, services
from magistrat.org.models import RoleAssignment
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def named(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_deactivating_and_reactivating_an_account(units):
    staff = StaffFactory(unit=units["SA-01"])
    services.unit_set_head(unit=units["SA-01"], head=staff)
    services.staff_set_active(staff=staff, active=False)
    services.staff_set_active(staff=staff, active=False)  # already inactive: no second event
    services.staff_set_active(staff=staff, active=True)
    [deactivated] = named("org.staff.deactivated")
    assert deactivated.data == {
        "account": staff.user.username,
        "employee_number": staff.employee_number,
        "heads_of": ["SA-01"],
    }
    [reactivated] = named("org.staff.reactivated")
    assert reactivated.data["heads_of"] == []


def test_granting_and_revoking_a_role(units):
    user = StaffFactory(unit=units["FN"]).user
    assignment = services.role_grant(user=user, role="unit_head", unit=units["FN"])
    office_wide = services.role_grant(user=user, role="auditor")
    assignment_id = assignment.pk
    services.role_revoke(assignment=assignment)
    granted = named("org.role.granted")
    assert [entry.data for entry in granted] == [
        {"account": user.username, "role": "unit_head", "unit": "FN"},
        {"account": user.username, "role": "auditor", "unit": None},
    ]
    [revoked] = named("org.role.revoked")
    assert revoked.data == {"account": user.username, "role": "unit_head", "unit": "FN"}
    assert revoked.object_id == str(assignment_id)
    assert list(RoleAssignment.objects.filter(user=user)) == [office_wide]


def test_a_new_head_is_named_and_the_previous_heads_role_revoked_by_name(units):
    first, second = StaffFactory(unit=units["SA"]), StaffFactory(unit=units["SA"])
    services.unit_set_head(unit=units["SA"], head=first)
    services.unit_set_head(unit=units["SA"], head=second)
    services.unit_set_head(unit=units["SA"], head=second)  # unchanged: no event
    changes = [entry.data for entry in named("org.unit.head_changed")]
    assert changes == [
        {"unit": "SA", "head": first.user.username, "before": None},
        {"unit": "SA", "head": second.user.username, "before": first.user.username},
    ]
    [revoked] = named("org.role.revoked")
    assert revoked.data == {"account": first.user.username, "role": "unit_head", "unit": "SA"}


def test_units_in_scope_and_the_unit_asked_for(units, sa_head, hr):
    scoped = selectors.units_in_scope(user=sa_head.user, perm="org.view_staff")
    assert set(scoped.values_list("code", flat=True)) == {"SA", "SA-01"}
    assert selectors.units_in_scope(user=hr.user, perm="org.view_staff").count() == 3
    assert selectors.unit_asked(user=sa_head.user, perm="org.view_staff", raw=" SA-01 ") == units["SA-01"]
    assert (
        selectors.unit_asked(user=sa_head.user, perm="org.view_staff", raw=str(units["SA"].pk)) == units["SA"]
    )
    assert selectors.unit_asked(user=sa_head.user, perm="org.view_staff", raw="") is None
    for raw in ("FN", str(units["FN"].pk), "NOPE", "999999"):
        with pytest.raises(Http404):
            selectors.unit_asked(user=sa_head.user, perm="org.view_staff", raw=raw)
