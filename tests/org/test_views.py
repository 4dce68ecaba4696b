"""Every staff view with users who may, who are in another unit, and who lack the role."""

import pytest
from django.urls import reverse

from magistrat.core.models import AuditEntry
from magistrat.org.models import Position, RoleAssignment, Staff, Unit
from tests.conftest import verified_login
from tests.factories import PositionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("org:staff_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "url",
    [
        "org:staff_list",
        "org:staff_create",
        "org:staff_import",
        "org:staff_export",
        "org:office_edit",
        "org:unit_create",
        "core:audit_list",
        "core:audit_export",
    ],
)
def test_a_clerk_is_refused(login, clerk, url):
    assert login(clerk).get(reverse(url)).status_code == 403


def test_unit_head_sees_own_unit_subtree_only(login, sa_head, fn_head, units):
    colleague = StaffFactory(unit=units["SA-01"])
    other = StaffFactory(unit=units["FN"])
    client = login(sa_head)
    page = client.get(reverse("org:staff_list")).content.decode()
    assert colleague.user.last_name in page
    assert str(other.employee_number) not in page
    assert client.get(reverse("org:staff_detail", args=[colleague.pk])).status_code == 200
    assert client.get(reverse("org:staff_detail", args=[other.pk])).status_code == 404


def test_unit_head_cannot_manage_staff(login, sa_head, units):
    colleague = StaffFactory(unit=units["SA-01"])
    client = login(sa_head)
    assert client.get(reverse("org:staff_edit", args=[colleague.pk])).status_code == 403
    assert client.post(reverse("org:staff_set_active", args=[colleague.pk])).status_code == 403


def test_hr_creates_edits_and_deactivates_staff(login, hr, units):
    position = PositionFactory(name="Podinspektor")
    client = login(hr)
    response = client.post(
        reverse("org:staff_create"),
        {
            "first_name": "Zofia",
            "last_name": "Wiśniewska",
            "email": "zofia.w@example.pl",
            "username": "zofia.w",
            "employee_number": "P9001",
            "position": position.pk,
            "primary_unit": units["SA-01"].pk,
            "other_units": [units["FN"].pk],
            "phone": "",
            "room": "12",
            "employed_since": "2024-03-01",
        },
    )
    staff = Staff.objects.get(employee_number="P9001")
    assert response.status_code == 302
    assert staff.primary_unit == units["SA-01"]
    assert {m.unit.code for m in staff.memberships.all()} == {"SA-01", "FN"}
    assert not staff.user.has_usable_password()

    response = client.post(
        reverse("org:staff_edit", args=[staff.pk]),
        {
            "first_name": "Zofia",
            "last_name": "Nowak",
            "email": "zofia.w@example.pl",
            "position": position.pk,
            "primary_unit": units["FN"].pk,
            "room": "14",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.user.last_name == "Nowak"
    assert [m.unit.code for m in staff.memberships.all()] == ["FN"]
    assert AuditEntry.objects.filter(action="core.user.updated", object_id=str(staff.user.pk)).exists()

    client.post(reverse("org:staff_set_active", args=[staff.pk]), {"active": "0"})
    staff.refresh_from_db()
    assert not staff.is_active and not staff.user.is_active


def test_staff_form_errors_change_nothing(login, hr, units):
    existing = StaffFactory(unit=units["SA"])
    client = login(hr)
    count = Staff.objects.count()
    response = client.post(
        reverse("org:staff_create"),
        {
            "first_name": "Jan",
            "last_name": "Kowalski",
            "email": "not-an-email",
            "username": existing.user.username,
            "employee_number": existing.employee_number,
            "position": "",
            "primary_unit": units["SA"].pk,
        },
    )
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert Staff.objects.count() == count

    position = PositionFactory()
    response = client.post(
        reverse("org:staff_create"),
        {
            "first_name": "Jan",
            "last_name": "Kowalski",
            "email": "jan@example.pl",
            "username": existing.user.username,
            "employee_number": "P1",
            "position": position.pk,
            "primary_unit": units["SA"].pk,
        },
    )
    assert response.status_code == 200
    assert Staff.objects.count() == count


def test_roles_are_granted_and_revoked_by_administrators_only(client, login, admin_staff, hr, units):
    target = StaffFactory(unit=units["SA"])
    url = reverse("org:role_grant", args=[target.pk])
    assert login(hr).post(url, {"role": "bip_editor", "unit": units["SA"].pk}).status_code == 403
    client.logout()
    verified_login(client, admin_staff.user)
    client.post(url, {"role": "bip_editor", "unit": units["SA"].pk})
    assignment = RoleAssignment.objects.get(user=target.user, role="bip_editor")
    assert assignment.unit == units["SA"]
    client.post(reverse("org:role_revoke", args=[target.pk, assignment.pk]))
    assert not RoleAssignment.objects.filter(user=target.user, role="bip_editor").exists()


def test_administrator_must_pass_two_factor_first(login, admin_staff):
    client = login(admin_staff)
    response = client.get(reverse("org:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two_factor"))


def test_units_tree_and_head_setting(client, admin_staff, units):
    verified_login(client, admin_staff.user)
    page = client.get(reverse("org:unit_list")).content.decode()
    assert page.index("SA-01") > page.index("Wydział Spraw Obywatelskich")
    head = StaffFactory(unit=units["FN"])
    client.post(reverse("org:unit_set_head", args=["FN"]), {"head": head.pk})
    assert Unit.objects.get(code="FN").head == head
    assert RoleAssignment.objects.filter(user=head.user, role="unit_head", unit=units["FN"]).exists()


def test_unit_cannot_move_under_its_own_subunit(client, admin_staff, units):
    verified_login(client, admin_staff.user)
    response = client.post(
        reverse("org:unit_edit", args=["SA"]),
        {
            "code": "SA",
            "name": "Wydział Spraw Obywatelskich",
            "kind": "department",
            "parent": units["SA-01"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert Unit.objects.get(code="SA").parent is None


def test_office_details_are_validated(client, admin_staff, office):
    verified_login(client, admin_staff.user)
    response = client.post(
        reverse("org:office_edit"),
        {"name": "Urząd", "street": "Rynek 1", "postal_code": "00950", "city": "X", "teryt": "12"},
    )
    assert response.status_code == 200
    office.refresh_from_db()
    assert office.name == "Urząd Miasta Testowo"


def test_staff_export_is_scoped_and_audited(login, auditor, units):
    StaffFactory(unit=units["SA"], user__last_name="Eksportowa")
    response = login(auditor).get(reverse("org:staff_export") + "?format=csv")
    assert response.status_code == 200
    assert "Eksportowa" in response.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(action="org.staff.exported", actor=auditor.user).exists()


def test_htmx_search_returns_only_the_results_fragment(login, hr, units):
    StaffFactory(unit=units["SA"], user__last_name="Szukana")
    response = login(hr).get(reverse("org:staff_list") + "?q=szukana", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Szukana" in body
    assert "<html" not in body


def test_positions_are_managed_by_hr(login, hr, clerk):
    client = login(hr)
    client.post(reverse("org:position_list"), {"name": "Inspektor ds. BIP", "is_managerial": ""})
    position = Position.objects.get(name="Inspektor ds. BIP")
    client.post(reverse("org:position_edit", args=[position.pk]), {"name": "Inspektor ds. Biuletynu"})
    position.refresh_from_db()
    assert position.name == "Inspektor ds. Biuletynu"
    response = client.post(reverse("org:position_list"), {"name": "Inspektor ds. Biuletynu"})
    assert response.status_code == 200  # duplicate name: form error, nothing saved
    assert Position.objects.filter(name="Inspektor ds. Biuletynu").count() == 1
    client.logout()
    assert login(clerk).get(reverse("org:position_list")).status_code == 403
