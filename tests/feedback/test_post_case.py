import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from magistrat.core.exceptions import ServiceError
from magistrat.core.services import api_key_create
from magistrat.feedback.models import Response, SurveyToken
from magistrat.feedback.services import tokens
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_system(units):
    """The case-management system's account: integration role for SA, an API key."""
    user = grant(StaffFactory(unit=units["SA"]).user, "integration", units["SA"])
    return api_key_create(user=user, name="EZD", by=None)[1]


def issue(client, key, **body):
    return client.post(
        "/api/v1/feedback/survey-tokens",
        json.dumps({"unit": "SA-01"} | body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_case_system_issues_a_link_that_works_once(client, case_system, office):
    response = issue(client, case_system, case_reference="SA.5341.12.2026")
    assert response.status_code == 201
    path = response.json()["url"].split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    answers = {
        "client_id": str(uuid.uuid4()),
        "q_csat": "4",
        "q_ces": "6",
        "q_nps": "9",
        "q_comment": "Sprawnie",
    }
    client.post(path, answers)
    stored = Response.objects.get()
    assert (stored.channel, stored.csat, stored.ces, stored.nps, stored.unit.code) == (
        "post_case",
        4,
        6,
        9,
        "SA-01",
    )
    assert client.get(path).status_code == 410  # used up
    second = client.post(path, answers | {"client_id": str(uuid.uuid4())})
    assert second.status_code == 410 and Response.objects.count() == 1


def test_expired_and_unknown_links(client, case_system, office):
    issue(client, case_system)
    SurveyToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    token_path = "/ankieta/nieznany-token/"
    assert client.get(token_path).status_code == 410
    with pytest.raises(ServiceError):
        tokens.survey_token_check("nieznany-token")


def test_issuing_needs_a_valid_key_and_the_units_scope(client, case_system, units):
    assert issue(client, "mgk_wrong").status_code == 401
    assert issue(client, case_system, unit="FN").status_code == 403
    assert issue(client, case_system, unit="XX").status_code == 400
    assert issue(client, case_system, valid_days=500).status_code == 400
    assert not SurveyToken.objects.exists()


def test_revoked_keys_and_keys_of_two_factor_roles_do_not_work(client, units, admin_staff, capsys):
    call_command("api_key", "create", "--user", admin_staff.user.username, "--name", "test")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert issue(client, key).status_code == 401  # administrators need 2FA: no keys for them
    user = grant(StaffFactory(unit=units["SA"]).user, "integration", units["SA"])
    api_key, key = api_key_create(user=user, name="EZD", by=None)
    assert issue(client, key).status_code == 201
    call_command("api_key", "revoke", api_key.prefix)
    assert issue(client, key).status_code == 401


def test_a_link_for_a_service_counts_for_that_service(client, case_system, office, units):
    from magistrat.services.models import Service

    service = Service.objects.create(slug="meldunek", unit=units["SA-01"])
    assert issue(client, case_system, service="nie-ma").status_code == 400
    response = issue(client, case_system, service="meldunek")
    path = response.json()["url"].split("testserver", 1)[1]
    client.post(path, {"client_id": str(uuid.uuid4()), "q_csat": "5"})
    assert Response.objects.get().service == service
