import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from magistrat.core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_lockout_after_repeated_failures(client, hr, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": hr.user.username, "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": hr.user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_two_factor_enrolment_and_verification(client, admin_staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    client.post(reverse("core:login"), {"username": admin_staff.user.username, "password": PASSWORD})
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("core:two_factor"))
    response = client.get(reverse("core:two_factor"))
    assert response["Location"].startswith(reverse("core:two_factor_setup"))
    page = client.get(reverse("core:two_factor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin_staff.user)
    wrong = client.post(reverse("core:two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    code = f"{totp(device.bin_key):06d}"
    client.post(reverse("core:two_factor_setup"), {"token": code})
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("org:unit_list")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.2fa_enrolled", actor=admin_staff.user).exists()


def test_wrong_code_is_refused_and_recorded(client, admin_staff):
    TOTPDevice.objects.create(user=admin_staff.user, name="app", confirmed=True)
    client.force_login(admin_staff.user)
    response = client.post(reverse("core:two_factor"), {"token": "123456"})
    assert response.status_code == 200
    assert "wrong" in response.content.decode() or "błędny" in response.content.decode()
    assert client.get(reverse("org:unit_list")).status_code == 302
    assert AuditEntry.objects.filter(action="auth.2fa_failed").exists()


def test_roles_without_two_factor_go_straight_in(client, hr):
    client.post(reverse("core:login"), {"username": hr.user.username, "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200


def test_security_headers_and_csp(client, hr):
    client.force_login(hr.user)
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_inline_scripts_in_pages(client, hr):
    client.force_login(hr.user)
    for url in (reverse("core:home"), reverse("org:staff_list"), reverse("org:unit_list")):
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[0].strip().startswith("src="), url


def test_password_rules(client, hr):
    client.force_login(hr.user)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "alllowercaseletters",
            "new_password2": "alllowercaseletters",
        },
    )
    assert response.status_code == 200
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Zielone-Jabłko-42",
            "new_password2": "Zielone-Jabłko-42",
        },
    )
    assert response.status_code == 302


def test_health_endpoint(client):
    response = client.get("/health/", HTTP_HOST="lb.internal")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_open_redirect_after_two_factor_is_blocked(client, admin_staff):
    device = TOTPDevice.objects.create(user=admin_staff.user, name="app", confirmed=True)
    client.force_login(admin_staff.user)
    response = client.post(
        reverse("core:two_factor") + "?next=https://evil.example/",
        {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("core:home")


def test_polish_by_default_and_english_on_request(client, hr):
    client.force_login(hr.user)
    assert 'lang="pl"' in client.get(reverse("core:home")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()


def test_browser_language_does_not_override_polish(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="pl"' in page


def test_failed_sign_in_burst_shows_on_the_auditors_home_page(client, auditor, hr, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "ghost", "password": "x"})
    client.force_login(auditor.user)
    assert "auth.login_failed" in client.get(reverse("core:home")).content.decode()
    client.force_login(hr.user)
    assert "auth.login_failed" not in client.get(reverse("core:home")).content.decode()


def test_backup_code_holder_adds_an_app_only_after_verifying(client, admin_staff, settings):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = StaticDevice.objects.create(user=admin_staff.user, name="backup", confirmed=True)
    StaticToken.objects.create(device=device, token="12345678")
    client.force_login(admin_staff.user)
    response = client.get(reverse("core:two_factor_setup"))
    assert response["Location"].startswith(reverse("core:two_factor"))
    assert not TOTPDevice.objects.filter(user=admin_staff.user).exists()
    client.post(reverse("core:two_factor"), {"token": "12345678"})
    assert "<svg" in client.get(reverse("core:two_factor_setup")).content.decode()
    assert not StaticToken.objects.filter(token="12345678").exists()  # each backup code works once
