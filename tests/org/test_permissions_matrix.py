"""Every staff view and API endpoint, with three users: one allowed, one whose units do not cover
the object (404), and one without the role (403)."""

import pytest
from django.urls import reverse

from magistrat.core.audit import log_action
from magistrat.core.models import Notification
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, office):
    sa_clerk = StaffFactory(unit=units["SA-01"])
    nobody = StaffFactory(unit=units["FN"])  # staff member with no role at all
    hr_fn = grant(StaffFactory(unit=units["FN"]).user, "hr_officer", units["FN"])  # HR for FN only
    return {
        "target": sa_clerk,
        "nobody": nobody.user,
        "hr_fn": hr_fn,
        "entry": log_action(None, "test.event"),
    }


def _client(client, user):
    client.force_login(user)
    return client


# (url name, args from world, method, allowed fixture, denied-by-role user key)
MATRIX = [
    ("org:unit_list", None, "get", "clerk", "nobody"),
    ("org:unit_detail", lambda w: ["SA"], "get", "clerk", "nobody"),
    ("org:role_list", None, "get", "clerk", "nobody"),
    ("org:staff_list", None, "get", "sa_head", "clerk"),
    ("org:staff_detail", lambda w: [w["target"].pk], "get", "sa_head", "clerk"),
    ("org:staff_create", None, "get", "hr", "sa_head"),
    ("org:staff_edit", lambda w: [w["target"].pk], "get", "hr", "sa_head"),
    ("org:staff_import", None, "get", "hr", "sa_head"),
    ("org:staff_export", None, "get", "auditor", "clerk"),
    ("org:position_list", None, "get", "hr", "clerk"),
    ("core:audit_list", None, "get", "auditor", "clerk"),
    ("core:audit_export", None, "get", "auditor", "sa_head"),
    ("core:audit_detail", lambda w: [w["entry"].pk], "get", "auditor", "clerk"),
]


@pytest.mark.parametrize(("name", "args", "method", "allowed", "denied"), MATRIX)
def test_allowed_and_denied(client, request, world, name, args, method, allowed, denied):
    url = reverse(name, args=args(world) if args else None)
    allowed_user = request.getfixturevalue(allowed).user
    assert getattr(_client(client, allowed_user), method)(url).status_code == 200
    client.logout()
    denied_user = world["nobody"] if denied == "nobody" else request.getfixturevalue(denied).user
    assert getattr(_client(client, denied_user), method)(url).status_code == 403


@pytest.mark.parametrize(
    ("name", "method", "user_key"),
    [
        ("org:staff_detail", "get", "fn_head"),
        ("org:staff_edit", "get", "hr_fn"),
        ("org:staff_set_active", "post", "hr_fn"),
    ],
)
def test_objects_outside_ones_units_are_not_found(client, request, world, name, method, user_key):
    user = world[user_key] if user_key in world else request.getfixturevalue(user_key).user
    url = reverse(name, args=[world["target"].pk])
    assert getattr(_client(client, user), method)(url).status_code == 404


@pytest.mark.parametrize("name", ["org:unit_create", "org:office_edit"])
def test_administrator_only_pages(client, world, admin_staff, hr, name):
    assert _client(client, hr.user).get(reverse(name)).status_code == 403
    client.logout()
    verified_login(client, admin_staff.user)
    assert client.get(reverse(name)).status_code == 200


def test_role_changes_need_the_roles_permission(client, world, admin_staff, hr):
    target = world["target"]
    url = reverse("org:role_grant", args=[target.pk])
    assert _client(client, hr.user).post(url, {"role": "auditor"}).status_code == 403
    client.logout()
    verified_login(client, admin_staff.user)
    assert client.post(url, {"role": "auditor"}).status_code == 302


def test_someone_elses_notification_is_not_found(client, world, hr, clerk):
    note = Notification.objects.create(user=hr.user, title="x")
    assert (
        _client(client, clerk.user).post(reverse("core:notification_read", args=[note.pk])).status_code == 404
    )
    client.logout()
    assert _client(client, hr.user).post(reverse("core:notification_read", args=[note.pk])).status_code == 302


@pytest.mark.parametrize(
    ("path", "allowed", "denied"),
    [
        ("/api/v1/org/units", "clerk", "nobody"),
        ("/api/v1/org/units/SA", "clerk", "nobody"),
        ("/api/v1/org/staff", "sa_head", "clerk"),
        ("/api/v1/core/audit", "auditor", "sa_head"),
    ],
)
def test_api_allowed_and_denied(client, request, world, path, allowed, denied):
    assert _client(client, request.getfixturevalue(allowed).user).get(path).status_code == 200
    client.logout()
    denied_user = world["nobody"] if denied == "nobody" else request.getfixturevalue(denied).user
    assert _client(client, denied_user).get(path).status_code == 403
