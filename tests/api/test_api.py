import pytest

from tests.conftest import verified_login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/org/staff" in schema["paths"]
    assert "/api/v1/core/audit" in schema["paths"]


def test_anonymous_calls_get_401_with_a_message(client):
    response = client.get("/api/v1/org/staff")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_staff_endpoint_is_scoped_like_the_pages(login, sa_head, units):
    inside = StaffFactory(unit=units["SA-01"])
    outside = StaffFactory(unit=units["FN"])
    client = login(sa_head)
    numbers = {row["employee_number"] for row in client.get("/api/v1/org/staff?limit=100").json()["items"]}
    assert inside.employee_number in numbers and outside.employee_number not in numbers
    assert client.get(f"/api/v1/org/staff/{outside.pk}").status_code == 404
    assert client.get(f"/api/v1/org/staff/{inside.pk}").json()["units"] == ["SA-01"]


def test_role_without_permission_gets_403(login, clerk):
    client = login(clerk)
    assert client.get("/api/v1/org/staff").status_code == 403
    assert client.get("/api/v1/core/audit").status_code == 403
    assert client.get("/api/v1/org/units").status_code == 200


def test_audit_endpoint_for_auditors(login, auditor):
    response = login(auditor).get("/api/v1/core/audit?action=auth&limit=5")
    assert response.status_code == 200
    assert all(item["action"].startswith("auth") for item in response.json()["items"])


def test_bad_query_parameters_get_422(login, auditor):
    response = login(auditor).get("/api/v1/core/audit?since=yesterday")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_two_factor_roles_need_verification_for_the_api_too(client, login, admin_staff):
    assert login(admin_staff).get("/api/v1/org/units").status_code == 403
    client.logout()
    verified_login(client, admin_staff.user)
    assert client.get("/api/v1/org/units").status_code == 200
