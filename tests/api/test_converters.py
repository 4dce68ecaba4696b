"""Numbers in addresses have the bounds of the data: out of range is a 404, never a 500.

`/bip/rejestr-petycji/zestawienie/0/` reached the view with year 0 and `/…/99999999999999999999/`
one that no database column holds. Every numeric URL parameter, pages and API alike, goes through
the bounded converters of core.converters; the tests below find the routes in the URLconf, so a
route added later is checked too.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from magistrat.core.converters import IdConverter, YearConverter
from magistrat.core.models import User
from tests.conftest import verified_login
from tests.factories import grant

pytestmark = pytest.mark.django_db

NUMERIC = (IntConverter, IdConverter, YearConverter)
OUT_OF_RANGE = {
    IdConverter: ["0", "9223372036854775808", "99999999999999999999"],
    YearConverter: ["0000", "0999", "3000", "9999"],
    IntConverter: ["0", "99999999999999999999"],  # only if a route still used Django's own
}
# The Django admin's routes are its own and its plug-ins' (django-otp uses <int:pk>); it is for
# superusers only, behind its own sign-in.
THIRD_PARTY = ("django-admin/",)
SAMPLE = {"str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _routes(patterns=None, prefix=""):
    """(route, converters) of every path() in the URLconf, with the prefixes of its includes."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if route.startswith(THIRD_PARTY):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, _converters(route)


def _converters(route: str) -> dict:
    from django.urls.converters import get_converters

    return {name: get_converters()[kind or "str"] for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route)}


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)


def _numeric_routes():
    return [(route, conv) for route, conv in _routes() if any(isinstance(c, NUMERIC) for c in conv.values())]


def test_no_route_uses_djangos_unbounded_int_converter():
    unbounded = [route for route, conv in _routes() if any(type(c) is IntConverter for c in conv.values())]
    assert unbounded == []
    assert len(_numeric_routes()) > 40  # pages and API: the check below covers them all


@pytest.fixture
def everyone(client, units, office):
    """A user holding every role, past two-factor sign-in: any view a route reaches would run."""
    from magistrat.core.reference import load_yaml

    user = User.objects.create_user(username="all-roles", password="x" * 16)  # noqa: S106
    for role in load_yaml("core", "roles.yaml")["roles"]:
        grant(user, role)
    verified_login(client, user)
    return client


def test_every_numeric_route_answers_404_out_of_range(everyone):
    failures = []
    for route, converters in _numeric_routes():
        for name, converter in converters.items():
            if not isinstance(converter, NUMERIC):
                continue
            for value in OUT_OF_RANGE[type(converter)]:
                values = {other: SAMPLE.get(_kind(route, other), "1") for other in converters} | {name: value}
                if name != "pk" and "pk" in converters:
                    values["pk"] = "1"
                path = _fill(route, values)
                status = everyone.get(path).status_code
                if status != 404:
                    failures.append((path, status))
    assert failures == []


def _kind(route: str, name: str) -> str:
    match = re.search(rf"<(\w+):{name}>", route)
    return match.group(1) if match else "str"


@pytest.mark.parametrize("year", ["0", "0000", "99999", "99999999999999999999"])
def test_the_petition_summary_of_an_impossible_year_is_not_found(client, year):
    assert client.get(f"/bip/rejestr-petycji/zestawienie/{year}/").status_code == 404


def test_the_petition_summary_of_a_real_year_is_shown(client, office):
    assert client.get("/bip/rejestr-petycji/zestawienie/2026/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/org/staff/99999999999999999999",
        "/api/v1/org/staff/0",
        "/api/v1/bip/items/uchwaly/x/versions/99999999999999999999",
        "/api/v1/bip/items/uchwaly/x/versions/0",
    ],
)
def test_api_ids_out_of_range_are_a_json_404(client, auditor, path):
    client.force_login(auditor.user)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json") and response.json()["detail"]


def test_control_characters_in_an_address_are_a_404(client, office):
    assert client.get("/uslugi/a%00b/").status_code == 404
    assert client.get("/bip/jednostki/%1b/").status_code == 404
    api = client.get("/api/v1/public/services/a%00b")
    assert api.status_code == 404 and api.json()["detail"]
