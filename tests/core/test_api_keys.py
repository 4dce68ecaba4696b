"""API keys are created and revoked by core's services (named events, the key never in the trail),
which the `magistrat api-key` command uses."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override

from magistrat.core.audit_labels import action_label
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import ApiKey, AuditEntry
from magistrat.core.services import api_key_create, api_key_revoke
from magistrat.core.tokens import hash_token

pytestmark = pytest.mark.django_db


def _trail_text() -> str:
    return json.dumps(
        [
            [entry.action, entry.object_repr, entry.changes, entry.data]
            for entry in AuditEntry.objects.order_by("id")
        ],
        ensure_ascii=False,
    )


def test_create_stores_only_the_hash_and_names_the_event(hr, admin_staff):
    api_key, key = api_key_create(user=hr.user, name="  EZD case system ", by=admin_staff.user)
    assert key.startswith("mgk_") and api_key.key_hash == hash_token(key) and api_key.prefix == key[4:10]
    assert api_key.name == "EZD case system" and api_key.user == hr.user
    entry = AuditEntry.objects.get(action="core.apikey.issued")
    assert entry.actor_id == admin_staff.user.pk
    assert entry.object_type == "core.apikey" and entry.object_id == str(api_key.pk)
    assert entry.data == {"name": "EZD case system", "acts_as": hr.user.username, "prefix": api_key.prefix}
    trail = _trail_text()
    assert key not in trail and key[4:] not in trail and api_key.key_hash not in trail
    with override("en"):
        assert action_label("core.apikey.issued") == "API key issued"
        assert action_label("core.apikey.revoked") == "API key revoked"


def test_the_key_acts_until_it_is_revoked(client, hr, admin_staff):
    api_key, key = api_key_create(user=hr.user, name="EZD", by=admin_staff.user)
    url = "/api/v1/org/units"  # hr_officer may read the units, without two-factor sign-in
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    api_key_revoke(key=api_key, by=admin_staff.user)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    entry = AuditEntry.objects.get(action="core.apikey.revoked")
    assert entry.actor_id == admin_staff.user.pk
    assert entry.data == {"name": "EZD", "prefix": api_key.prefix}
    assert key not in _trail_text()
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None


def test_a_revoked_key_cannot_be_revoked_again(hr):
    api_key, _key = api_key_create(user=hr.user, name="EZD", by=None)
    api_key_revoke(key=api_key, by=None)
    with pytest.raises(ServiceError):
        api_key_revoke(key=api_key, by=None)
    assert AuditEntry.objects.filter(action="core.apikey.revoked").count() == 1


@pytest.mark.parametrize("name", ["", "   ", "EZD\x00", "x" * 101])
def test_a_bad_name_changes_nothing(hr, name):
    with pytest.raises(ServiceError) as refused:
        api_key_create(user=hr.user, name=name, by=None)
    assert refused.value.field == "name"
    assert not ApiKey.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="core.apikey").exists()


def test_no_key_for_a_deactivated_user(hr):
    hr.user.is_active = False
    hr.user.save()
    with pytest.raises(ServiceError):
        api_key_create(user=hr.user, name="EZD", by=None)
    assert not ApiKey.objects.exists()


def test_the_command_creates_lists_and_revokes_through_the_services(hr):
    out = StringIO()
    call_command("api_key", "create", "--user", hr.user.username, "--name", "EZD", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    api_key = ApiKey.objects.get()
    assert api_key.key_hash == hash_token(key)
    assert AuditEntry.objects.filter(action="core.apikey.issued", object_id=str(api_key.pk)).exists()

    out = StringIO()
    call_command("api_key", "list", stdout=out)
    assert f"{api_key.prefix}  EZD  {hr.user.username}  active" in out.getvalue()

    call_command("api_key", "revoke", api_key.prefix, stdout=StringIO())
    assert AuditEntry.objects.filter(action="core.apikey.revoked", object_id=str(api_key.pk)).exists()
    assert key not in _trail_text()
    with pytest.raises(CommandError):
        call_command("api_key", "revoke", api_key.prefix, stdout=StringIO())


def test_the_command_refuses_a_bad_name(hr):
    with pytest.raises(CommandError):
        call_command("api_key", "create", "--user", hr.user.username, "--name", " ", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("api_key", "create", "--user", "nobody", "--name", "EZD", stdout=StringIO())
    assert not ApiKey.objects.exists()
