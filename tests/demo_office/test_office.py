"""The demo office as the README promises it: a realistic organisation, logins that work as printed
(with backup codes where two-factor sign-in is required), and two years of history in time order."""

import pytest

from magistrat.core.audit import verify_chain
from magistrat.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_demo_office_is_realistic(demo_office):
    from magistrat.org.models import RoleAssignment, Staff, Unit

    assert Unit.objects.count() >= 25
    assert 250 <= Staff.objects.count() <= 350
    assert not Unit.objects.filter(head__isnull=True).exists()
    assert RoleAssignment.objects.filter(role="quality_manager").exists()
    roles = {login.role for login in demo_office.logins}
    assert roles >= {"administrator", "quality_manager", "unit_head", "auditor"}
    assert any(name.endswith("ska") for name in Staff.objects.values_list("user__last_name", flat=True))
    assert verify_chain().ok


def test_demo_logins_work_as_printed(client, demo_office):
    """The README promise: the printed logins (and the admin's backup codes) get you in."""
    admin = demo_office.login("administrator")
    client.post("/login/", {"username": admin.username, "password": admin.password})
    assert client.get("/org/units/")["Location"].startswith("/login/2fa/")
    client.post("/login/2fa/", {"token": admin.backup_codes[0]})
    assert client.get("/org/units/").status_code == 200
    client.post("/logout/")
    quality = demo_office.login("quality_manager")
    client.post("/login/", {"username": quality.username, "password": quality.password})
    page = client.get("/")
    assert page.status_code == 200 and 'lang="pl"' in page.content.decode()


def test_every_two_factor_demo_login_has_backup_codes_and_history_is_in_time_order(client, demo_office):
    from magistrat.core.permissions import roles

    for login in demo_office.logins:
        assert bool(login.backup_codes) == roles()[login.role].requires_2fa
    officer = demo_office.login("security_officer")
    client.post("/login/", {"username": officer.username, "password": officer.password})
    client.post("/login/2fa/", {"token": officer.backup_codes[0]})
    assert client.get("/audit/").status_code == 200
    seeded = AuditEntry.objects.filter(id__gte=demo_office.first_entry_id).order_by("id")
    times = list(seeded.values_list("created_at", flat=True))
    assert times == sorted(times)
