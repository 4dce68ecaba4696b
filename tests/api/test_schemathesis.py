"""Every API operation fuzzed against the published OpenAPI schema with schemathesis and all its checks.

Requests go through the whole WSGI stack (the BIP page cache in front of Django, every
middleware) with schema-valid and schema-invalid data (`generation.mode = all`): no answer may be a
server error, an undeclared status, a body or content type that disagrees with the schema, a
refusal of valid data or an acceptance of invalid data. Run as an integration with an API key and
a kiosk token, as an administrator signed in with a browser session, and anonymously.

Deterministic: a fixed seed, derandomized Hypothesis without its example database, no deadline,
the same database state for every run, and counters (rate limits) and the BIP page cache emptied
before each request, so that no answer depends on the requests before it or on the clock.
Run alone: `pytest tests/api/test_schemathesis.py` (about a minute).
"""

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder

from magistrat.bip.pagecache import serve_cached
from magistrat.core.services import api_key_create
from magistrat.feedback.models import ServicePoint, Survey
from magistrat.feedback.services import devices as feedback_services
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db

# Seed, data modes and the checks' settings: the same file the command-line run reads.
CONFIG = schemathesis.config.SchemathesisConfig.from_path(Path(__file__).parents[2] / "schemathesis.toml")
FUZZ = {"derandomize": True, "deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}

API_PREFIX = "/api/v1/"


def _published_schema() -> dict:
    """What GET /api/v1/openapi.json answers (checked below), built without a request: test modules
    are imported before any test may use the database, and the first request would load every
    page's module."""
    from magistrat.api.urls import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=API_PREFIX), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(_published_schema(), config=CONFIG)
# Requests go to the application in this process, through its WSGI entry (no server).
schema.app = serve_cached(WSGIHandler())


def test_the_fuzzed_schema_is_the_published_one(client):
    assert client.get(API_PREFIX + "openapi.json").json() == _published_schema()


@pytest.fixture(autouse=True)
def _isolated_requests():
    # The WSGI handler, like Django's test client, must not close the test's connection mid-transaction.
    request_started.disconnect(close_old_connections)
    caches["bip"].clear()
    yield
    request_started.connect(close_old_connections)


@pytest.fixture
def office_data(units, office):
    """Something to list and to find: a desk with the kiosk survey, a published BIP item, a service
    card and a complaint (the lists' answers are then checked against the schema with rows in them)."""
    from magistrat.services.models import Service, ServiceVersion
    from tests.bip.conftest import publish_item
    from tests.registers.test_complaints import register

    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    publish_item(units, slug="konsultacje")
    service = Service.objects.create(slug="dowod", unit=units["SA-01"])
    ServiceVersion.objects.create(service=service, number=1, name="Dowód osobisty", change_note="nowa karta")
    register(unit=units["SA-01"])
    return {"point": point}


@pytest.fixture
def integration(units, office_data, quality):
    """Headers of the office's integration (API key: survey links, read-only auditor) and a kiosk
    the quality manager issued."""
    user = StaffFactory(unit=units["SA"]).user
    grant(user, "integration")
    grant(user, "auditor")
    _key, key = api_key_create(user=user, name="schemathesis", by=None)
    _device, kiosk_token = feedback_services.device_issue(
        point=office_data["point"], name="Tablet", user=quality
    )
    return {"Authorization": f"Bearer {key}", "X-Kiosk-Token": kiosk_token}


@pytest.fixture
def administrator_session(client, admin_staff, office_data):
    """An administrator signed in with a browser session that passed two-factor sign-in (no CSRF token)."""
    verified_login(client, admin_staff.user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def _call(case, headers):
    caches["default"].clear()  # rate-limit counters: each answer independent of the ones before
    case.call_and_validate(headers=headers)


@schema.parametrize()
@settings(max_examples=15, **FUZZ)
def test_api_as_an_integration(case, integration):
    _call(case, integration)


# The operations that need credentials; the public ones answer everyone alike (run above).
signed_in_only = schema.include(path_regex=r"^/api/v1/(core|org|registers|feedback)/")


@signed_in_only.parametrize()
@settings(max_examples=5, **FUZZ)
def test_api_as_a_signed_in_administrator(case, administrator_session):
    _call(case, administrator_session)


@signed_in_only.parametrize()
@settings(max_examples=5, **FUZZ)
def test_api_anonymously(case, office_data):
    _call(case, {})
