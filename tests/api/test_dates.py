"""Dates and times in the API are strict: RFC 3339 with an offset, or YYYY-MM-DD; nothing else.

Pydantic alone read `since=0.5` (and any number) as a Unix timestamp and took times without an
offset; every date and time parameter now uses api.schemas.AwareDateTime or StrictDate.
"""

import pytest

pytestmark = pytest.mark.django_db

NOT_A_MOMENT = [
    "0.5",
    "1700000000",
    "-1",
    "yesterday",
    "2026-11-29",  # a date is not a moment
    "2026-11-29T10:00",  # no seconds, no offset
    "2026-11-29T10:00:00",  # no offset: which 10:00?
    "2026-11-29 10:00",
    "2026-13-01T00:00:00Z",
    "2026-11-29T10:00:00+01:00 ",
]
MOMENTS = [
    "2026-11-29T10:00:00+01:00",
    "2026-11-29T09:00:00Z",
    "2026-11-29t09:00:00.123456z",
    "0001-01-01T00:00:00+05:00",  # before the calendar's first moment in UTC: taken as that moment
    "9999-12-31T23:59:59-05:00",
]


@pytest.mark.parametrize("value", NOT_A_MOMENT)
@pytest.mark.parametrize("parameter", ["since", "until"])
def test_audit_filters_refuse_anything_but_rfc3339(login, auditor, parameter, value):
    response = login(auditor).get("/api/v1/core/audit", {parameter: value})
    assert response.status_code == 422
    assert response.json()["field"] == parameter


@pytest.mark.parametrize("value", MOMENTS)
def test_audit_filters_take_rfc3339_moments(login, auditor, value):
    assert login(auditor).get("/api/v1/core/audit", {"since": value, "until": value}).status_code == 200


@pytest.mark.parametrize("value", NOT_A_MOMENT)
def test_bip_changes_refuse_anything_but_rfc3339(client, value):
    response = client.get("/api/v1/bip/changes", {"since": value})
    assert response.status_code == 422 and response.json()["field"] == "since"


@pytest.mark.parametrize("value", MOMENTS)
def test_bip_changes_take_rfc3339_moments(client, value):
    assert client.get("/api/v1/bip/changes", {"since": value}).status_code == 200


@pytest.mark.parametrize("value", ["0.5", "20261129", "2026-11-29T00:00:00Z", "29.11.2026", "2026-02-30"])
@pytest.mark.parametrize("parameter", ["date_from", "date_to"])
def test_bip_search_dates_are_calendar_dates(client, parameter, value):
    response = client.get("/api/v1/bip/search", {"q": "uchwała", parameter: value})
    assert response.status_code == 422 and response.json()["field"] == parameter


def test_bip_search_takes_calendar_dates(client):
    response = client.get(
        "/api/v1/bip/search", {"q": "uchwała", "date_from": "0001-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
