"""A password changed by its user, or set from an e-mailed link, is a named event in the trail
(beside the field-diff entry, which shows the password as changed without its value)."""

import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from magistrat.core.audit_labels import action_label
from magistrat.core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Zielone-Jabłko-42"


def _trail_text() -> str:
    entries = [[entry.changes, entry.data, entry.object_repr] for entry in AuditEntry.objects.all()]
    return json.dumps(entries, ensure_ascii=False)


def test_a_password_change_is_a_named_event_without_the_password(client, hr):
    client.force_login(hr.user)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.password_changed")
    assert entry.actor_id == hr.user.pk and entry.object_id == str(hr.user.pk)
    hr.user.refresh_from_db()
    assert hr.user.check_password(NEW)
    assert NEW not in _trail_text() and hr.user.password not in _trail_text()
    # still signed in after the change (Django keeps the session's hash up to date)
    assert client.get(reverse("core:home")).status_code == 200
    with override("en"):
        assert action_label("auth.password_changed") == "Password changed"


def test_a_refused_change_writes_nothing(client, hr):
    client.force_login(hr.user)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="auth.password_changed").exists()
    hr.user.refresh_from_db()
    assert hr.user.check_password(PASSWORD)


def test_a_password_set_from_a_link_names_its_user(client, hr):
    uid = urlsafe_base64_encode(force_bytes(hr.user.pk))
    token = default_token_generator.make_token(hr.user)
    # Django swaps the token for a session marker and redirects to the form's own address.
    form_url = client.get(reverse("core:password_reset_confirm", args=[uid, token]))["Location"]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.password_set")
    assert entry.actor_id == hr.user.pk and entry.object_id == str(hr.user.pk)
    hr.user.refresh_from_db()
    assert hr.user.check_password(NEW)
    assert NEW not in _trail_text()
    with override("en"):
        assert action_label("auth.password_set") == "Password set from an e-mailed link"
