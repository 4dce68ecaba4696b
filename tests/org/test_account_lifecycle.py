import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from magistrat.core.models import AuditEntry
from magistrat.org.services import staff_create
from tests.conftest import verified_login
from tests.factories import PositionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_new_staff_get_an_invitation_and_set_their_password(
    client, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff = staff_create(
            username="nowy.pracownik",
            first_name="Nowy",
            last_name="Pracownik",
            email="nowy@example.pl",
            employee_number="P7000",
            position=PositionFactory(),
            primary_unit=units["SA"],
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nowy@example.pl"]
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Nowe-Hasło-2026", "new_password2": "Nowe-Hasło-2026"})
    staff.user.refresh_from_db()
    assert staff.user.check_password("Nowe-Hasło-2026")


def test_forgotten_password_reaches_invited_staff_too(client, units):
    staff = StaffFactory(unit=units["SA"], user__email="zapominalski@example.pl")
    staff.user.set_unusable_password()
    staff.user.save()
    client.post(reverse("core:password_reset"), {"email": "Zapominalski@example.pl"})
    assert len(mail.outbox) == 1
    client.post(reverse("core:password_reset"), {"email": "nobody@example.pl"})
    assert len(mail.outbox) == 1  # no account, no mail, and the page does not say so


def test_administrator_unlocks_and_resets_two_factor(client, admin_staff, units, settings):
    locked = StaffFactory(unit=units["SA"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": locked.user.username, "password": "wrong"})
    TOTPDevice.objects.create(user=locked.user, name="phone", confirmed=True)
    verified_login(client, admin_staff.user)
    url = reverse("org:staff_security", args=[locked.pk])
    client.post(url, {"action": "unlock"})
    client.post(url, {"action": "reset_2fa"})
    assert not TOTPDevice.objects.filter(user=locked.user).exists()
    assert AuditEntry.objects.filter(action="auth.unlocked", object_id=str(locked.user.pk)).exists()
    client.logout()
    response = client.post(
        reverse("core:login"), {"username": locked.user.username, "password": "Test-password-2026!"}
    )
    assert response.status_code == 302


def test_only_administrators_reach_sign_in_security(login, hr, units):
    target = StaffFactory(unit=units["SA"])
    assert (
        login(hr).post(reverse("org:staff_security", args=[target.pk]), {"action": "unlock"}).status_code
        == 403
    )
