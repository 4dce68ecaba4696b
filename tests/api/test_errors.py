"""Every error under /api/ is JSON in the API's format, also when no operation produced it."""

import json

import pytest
from django.test import Client
from django.utils.translation import override

from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


def _json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/org/units", "/api/", "/api/v1/org/units/"])
def test_an_unknown_address_is_a_json_404(client, path):
    _json_error(client.get(path), 404)


def test_a_method_the_address_does_not_take_is_a_json_405_with_allow(client):
    response = client.delete("/api/v1/org/units")
    _json_error(response, 405)
    assert response["Allow"] == "GET"
    assert int(response["Content-Length"]) == len(response.content)


def test_a_body_that_is_not_json_is_a_json_400(client, kiosk_token):
    for body in ("{", "ratings=1", "\x00"):
        response = client.post(
            "/api/v1/feedback/kiosk/ratings/batch",
            body,
            content_type="text/plain",
            HTTP_X_KIOSK_TOKEN=kiosk_token,
        )
        _json_error(response, 400)


def test_a_body_over_the_upload_limit_is_a_json_413(client, kiosk_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post(
        "/api/v1/feedback/kiosk/ratings",
        json.dumps({"answers": {"comment": "x" * 200}}),
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=kiosk_token,
    )
    _json_error(response, 413)


def test_a_server_error_is_json(monkeypatch, auditor):
    from magistrat.org import api as org_api

    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(org_api.selectors, "staff_list", broken)
    client = Client(raise_request_exception=False)
    client.force_login(auditor.user)
    body = _json_error(client.get("/api/v1/org/staff"), 500)
    assert "fire" not in body["detail"]  # nothing of the exception is shown


def test_a_session_post_without_csrf_token_is_a_json_403(admin_staff, units):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, admin_staff.user)
    with override("en"):
        response = client.post(
            "/api/v1/feedback/survey-tokens", json.dumps({"unit": "SA-01"}), content_type="application/json"
        )
    assert "CSRF" in _json_error(response, 403)["detail"]


def test_throttled_public_api_is_a_json_429_with_retry_after(client, monkeypatch):
    from ninja.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request: False)
    monkeypatch.setattr(AnonRateThrottle, "wait", lambda self: 42)
    response = client.get("/api/v1/bip/menu")
    _json_error(response, 429)
    assert response["Retry-After"] == "42"


def test_invalid_parameters_are_a_422_naming_the_field_with_a_translated_message(login, auditor):
    client = login(auditor)
    with override("en"):
        body = _json_error(client.get("/api/v1/core/audit", {"q": "a\x00"}), 422)
    assert body["field"] == "q" and "znaki sterujące" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "q"]
    limit = _json_error(client.get("/api/v1/core/audit", {"limit": "0"}), 422)
    assert limit["field"] == "limit"
    offset = _json_error(client.get("/api/v1/core/audit", {"offset": str(10**20)}), 422)
    assert offset["field"] == "offset"


def test_control_characters_in_any_api_text_are_refused(client, login, auditor, office):
    assert _json_error(client.get("/api/v1/public/services", {"q": "\x1b[2J"}), 422)["field"] == "q"
    assert _json_error(client.get("/api/v1/bip/search", {"q": "uchwała\x00"}), 422)["field"] == "q"
    status = client.get("/api/v1/public/complaints/status", {"number": "SKW.1\x00", "tracking_code": "x"})
    assert _json_error(status, 422)["field"] == "number"
    token = login(auditor).post(
        "/api/v1/feedback/survey-tokens",
        json.dumps({"unit": "SA-01", "case_reference": "SA.1\x00"}),
        content_type="application/json",
    )
    assert _json_error(token, 422)["field"] == "case_reference"


def test_two_factor_and_missing_credentials_are_json(client):
    _json_error(client.get("/api/v1/core/audit"), 401)
    _json_error(client.get("/api/v1/feedback/kiosk/survey", HTTP_X_KIOSK_TOKEN="wrong"), 401)
