"""`may(user, perm, obj)`: the one answer to "may this user do this to this object"."""

from types import SimpleNamespace

import pytest
from django.http import Http404

from magistrat.core import permissions
from magistrat.core.permissions import may, rule


@pytest.fixture
def case_of(units):
    return lambda code: SimpleNamespace(unit_id=units[code].pk if code else None)


def test_an_object_belongs_to_its_unit_and_its_subtree(sa_head, case_of):
    assert may(sa_head.user, "registers.manage_complaints", case_of("SA"))
    assert may(sa_head.user, "registers.manage_complaints", case_of("SA-01"))
    assert not may(sa_head.user, "registers.manage_complaints", case_of("FN"))


def test_an_object_without_a_unit_belongs_to_office_wide_holders(sa_head, auditor, case_of):
    from tests.factories import StaffFactory, grant

    quality = StaffFactory()
    grant(quality.user, "quality_manager")
    assert not may(sa_head.user, "registers.manage_complaints", case_of(None))
    assert may(quality.user, "registers.manage_complaints", case_of(None))
    assert may(auditor.user, "registers.view_complaints", case_of(None))
    assert not may(auditor.user, "registers.manage_complaints", case_of(None))


def test_without_an_object_it_is_the_permission_anywhere(sa_head, clerk):
    assert may(sa_head.user, "registers.manage_complaints")
    assert not may(clerk.user, "registers.manage_complaints")


def test_an_app_rule_answers_first_and_none_passes_on(monkeypatch, sa_head, case_of):
    monkeypatch.setattr(permissions, "_rules", {})
    locked = SimpleNamespace(unit_id=case_of("SA").unit_id, locked=True)

    @rule("registers.manage_complaints")
    def _not_when_locked(user, obj):
        return False if getattr(obj, "locked", False) else None

    assert not may(sa_head.user, "registers.manage_complaints", locked)
    assert may(sa_head.user, "registers.manage_complaints", case_of("SA"))


def test_a_permission_unit_method_wins_over_the_unit_field(sa_head, units):
    entry = SimpleNamespace(unit_id=None, permission_unit_id=lambda: units["SA-01"].pk)
    assert may(sa_head.user, "registers.manage_complaints", entry)


def test_unknown_permissions_are_refused_loudly(sa_head):
    with pytest.raises(ValueError):
        may(sa_head.user, "registers.no_such_thing")


@pytest.mark.django_db
def test_get_for_is_404_for_what_the_user_may_not_touch(sa_head, units):
    from magistrat.org.models import Unit

    assert permissions.get_for(sa_head.user, "org.view_staff", Unit.objects.all(), pk=units["SA-01"].pk)
    with pytest.raises(Http404):
        permissions.get_for(sa_head.user, "org.view_staff", Unit.objects.all(), pk=units["FN"].pk)
    with pytest.raises(Http404):
        permissions.get_for(sa_head.user, "org.view_staff", Unit.objects.all(), pk=10**9)
