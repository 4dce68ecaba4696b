"""Pages take what a browser form sends: another body gets 415 with a message and changes nothing.

A JSON or text/plain body posted to a form page came out as an empty form (Django reads fields
from the form encodings only) and got the blank form with 200, as if accepted. And query values
with a control character reached the database (a 500 on PostgreSQL); they are refused too.
"""

import json
import uuid

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from magistrat.feedback.models import Response
from magistrat.feedback.services import tokens as feedback_services
from magistrat.org.models import Unit
from magistrat.registers.models import Complaint, InfoRequest

pytestmark = pytest.mark.django_db

COMPLAINT = {
    "kind": "complaint",
    "subject": "Długi czas obsługi",
    "content": "Czekałem dwie godziny.",
    "submitter_name": "Jan Kowalski",
    "submitter_address": "ul. Polna 1, 00-950 Testowo",
    "submission_key": str(uuid.uuid4()),
}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps(COMPLAINT), "application/json"),
        ("kind=complaint&subject=x", "text/plain"),
        (json.dumps(COMPLAINT), "application/json; charset=utf-8"),
        ("<complaint/>", "application/xml"),
    ],
)
def test_a_complaint_sent_as_json_or_text_is_refused_with_415(english, office, body, content_type):
    response = english.post("/skargi-i-wnioski/", body, content_type=content_type)
    assert response.status_code == 415
    page = response.content.decode()
    assert 'id="request-refused"' in page and "The form was not sent by a web form" in page
    assert content_type.split(";")[0] in page
    assert Complaint.objects.count() == 0


def test_the_same_complaint_as_a_form_is_accepted(client, office):
    response = client.post("/skargi-i-wnioski/", COMPLAINT)
    assert response.status_code == 302 and Complaint.objects.count() == 1


def test_a_post_without_a_body_reaches_the_form(client, office):
    response = client.generic("POST", "/skargi-i-wnioski/", b"", content_type="")
    assert response.status_code == 200 and Complaint.objects.count() == 0


def test_public_information_request_as_json_is_refused(client, office):
    response = client.post(
        "/informacja-publiczna/", json.dumps({"content": "x"}), content_type="application/json"
    )
    assert response.status_code == 415 and InfoRequest.objects.count() == 0


def test_rating_pages_refuse_json(client, point, units, quality):
    answers = json.dumps({"client_id": str(uuid.uuid4()), "q_csat": "5"})
    assert client.post(f"/ocena/{point.code}/", answers, content_type="application/json").status_code == 415
    _token_row, token = feedback_services.survey_token_issue(
        unit=units["SA-01"], case_reference="1", user=quality
    )
    survey = client.post(f"/ankieta/{token}/", answers, content_type="text/plain")
    assert survey.status_code == 415
    assert Response.objects.count() == 0


def test_staff_forms_refuse_json_too(client, hr, units):
    client.force_login(hr.user)
    body = json.dumps({"code": "XX", "name": "Wydział X", "kind": "department"})
    response = client.post(reverse("org:unit_create"), body, content_type="application/json")
    assert response.status_code == 415
    assert not Unit.objects.filter(code="XX").exists()


def test_csrf_exempt_endpoints_read_their_own_formats(client, kiosk_token):
    # The API and the kiosk pairing are not form pages: JSON is what they take.
    rating = {
        "client_id": str(uuid.uuid4()),
        "submitted_at": "2026-11-29T10:00:00+01:00",
        "answers": {"csat": 5},
    }
    api = client.post(
        "/api/v1/feedback/kiosk/ratings",
        json.dumps(rating),
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=kiosk_token,
    )
    assert api.status_code != 415
    try:
        pair = reverse("kiosk_pair")
    except NoReverseMatch:
        return
    assert (
        client.post(pair, json.dumps({"code": "NONE-NONE"}), content_type="application/json").status_code
        != 415
    )


@pytest.mark.parametrize("query", ["q=%00", "q=a%1Bb", "unit=%07", "%00=x"])
def test_control_characters_in_a_pages_query_are_refused(english, office, query):
    response = english.get(f"/uslugi/?{query}")
    assert response.status_code == 400
    assert "The address contains control characters" in response.content.decode()


def test_staff_list_filters_refuse_control_characters(client, hr):
    client.force_login(hr.user)
    assert client.get(reverse("org:staff_list"), {"q": "Kowal\x00ski"}).status_code == 400
    assert client.get(reverse("org:staff_list"), {"q": "Kowal\tski"}).status_code == 200
