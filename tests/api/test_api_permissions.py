"""Who may call each operation of the API, generated from the published schema (the API's half of
`tests/demo_office/test_url_permissions.py`).

Every operation that takes the office's credentials (a session or an API key) names its permission
(`x-permission`, from `api.permissions.requires`); it is then called by an anonymous client (401),
a member of staff without the role (403), a holder of a role granting it for the record's unit
(admitted) and the same role in another unit (refused for a record of a unit under a unit-scoped
permission, admitted for lists, which narrow themselves). The kiosk's operations take a device's
token instead (`tests/api/test_api.py`), the public ones nothing.
"""

import json

import pytest
from django.test import Client

from magistrat.core.permissions import known_permissions, roles
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db

CREDENTIALS = {"SessionAuth", "ApiKeyAuth"}


def _schema() -> dict:
    return Client(HTTP_HOST="localhost").get("/api/v1/openapi.json").json()


def _staff_operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            names = {name for requirement in operation.get("security") or [] for name in requirement}
            if names & CREDENTIALS:
                yield method, path, operation


def test_every_operation_with_credentials_names_its_permission():
    operations = list(_staff_operations(_schema()))
    assert len(operations) >= 7
    undeclared = [
        f"{m.upper()} {p}" for m, p, op in operations if op.get("x-permission") not in known_permissions()
    ]
    assert not undeclared, f"Operations without @requires(perm): {undeclared}"


@pytest.fixture
def records(units):
    """The record each operation with parameters is about, by (method, path): (path, body, unit)."""
    staff = StaffFactory(unit=units["SA-01"])
    return {
        ("get", "/api/v1/org/units/{code}"): ("/api/v1/org/units/SA-01", None, None),
        ("get", "/api/v1/org/staff/{pk}"): (f"/api/v1/org/staff/{staff.pk}", None, units["SA-01"]),
        ("post", "/api/v1/feedback/survey-tokens"): (
            "/api/v1/feedback/survey-tokens",
            {"unit": "SA-01", "case_reference": "SKW.1510.7.2026"},
            units["SA-01"],
        ),
    }


def _call(method: str, path: str, body, user) -> int:
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    if method == "get":
        return client.get(path).status_code
    return client.post(path, json.dumps(body or {}), content_type="application/json").status_code


def _member(unit, role=None, scope=None):
    staff = StaffFactory(unit=unit)
    if role:
        grant(staff.user, role, scope)
    return staff.user


def test_every_operation_with_credentials_admits_the_allowed_and_refuses_the_rest(units, records):
    found = {}
    for method, template, operation in _staff_operations(_schema()):
        perm = operation["x-permission"]
        name = f"{method.upper()} {template}"
        if "{" in template or method != "get":
            if (method, template) not in records:
                found[name] = "no entry in `records` for its parameters or body"
                continue
            path, body, unit = records[(method, template)]
        else:
            path, body, unit = template, None, None
        problems = []
        if (status := _call(method, path, body, None)) != 401:
            problems.append(f"anonymous got {status}")
        if (status := _call(method, path, body, _member(units["SA"]))) != 403:
            problems.append(f"a user without the role got {status}")
        scoped = known_permissions()[perm].get("scoped", False)
        candidates = sorted(
            (code for code, role in roles().items() if role.grants(perm) and not role.requires_2fa),
            key=lambda code: len(roles()[code].permissions),
        )
        admitted = next(
            (
                code
                for code in candidates
                if _call(method, path, body, _member(unit or units["SA"], code, unit if scoped else None))
                in {200, 201}
            ),
            None,
        )
        if admitted is None:
            problems.append(f"no role granting {perm} was admitted (tried {candidates})")
        else:
            other = _call(method, path, body, _member(units["FN"], admitted, units["FN"]))
            if (
                scoped
                and unit is not None
                and other not in {403, 404}
                or not (scoped and unit is not None)
                and other not in {200, 201}
            ):
                problems.append(f"{admitted} of another unit got {other}")
        if problems:
            found[name] = "; ".join(problems)
    assert not found, "\n".join(f"{name}: {text}" for name, text in sorted(found.items()))
