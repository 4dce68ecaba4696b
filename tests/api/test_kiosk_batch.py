"""A kiosk's batch: each rating is checked on its own, so one bad rating never holds up the others
(a kiosk resending its queue was refused for ever when one rating had a time without an offset)."""

import json
import uuid

import pytest
from django.utils import timezone
from django.utils.translation import override

from magistrat.core.exceptions import ServiceError
from magistrat.feedback.models import Response
from magistrat.feedback.services import ratings as services

pytestmark = pytest.mark.django_db

BATCH = "/api/v1/feedback/kiosk/ratings/batch"


def rating(**overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "submitted_at": timezone.now().isoformat(),
        "answers": {"csat": 5},
    } | overrides


def post(client, token, body, url=BATCH):
    return client.post(url, json.dumps(body), content_type="application/json", HTTP_X_KIOSK_TOKEN=token)


def test_a_time_without_offset_refuses_that_rating_only(client, kiosk_token):
    naive = timezone.localtime().replace(tzinfo=None).strftime("%Y-%m-%d %H:%M")  # "2026-11-29 10:00"
    good_before, bad, good_after = rating(), rating(submitted_at=naive), rating()
    with override("en"):
        response = post(client, kiosk_token, {"ratings": [good_before, bad, good_after]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["status"]) for r in results] == [(0, 201), (1, 400), (2, 201)]
    assert results[1]["client_id"] == bad["client_id"] and results[1]["field"] == "submitted_at"
    assert "przesunięciem względem UTC" in results[1]["detail"]
    stored = set(Response.objects.values_list("client_id", flat=True))
    assert stored == {uuid.UUID(good_before["client_id"]), uuid.UUID(good_after["client_id"])}
    # The kiosk resends its queue: the stored ones are acknowledged, the bad one refused again.
    again = post(client, kiosk_token, {"ratings": [good_before, bad, good_after]}).json()["results"]
    assert [r["status"] for r in again] == [200, 400, 200] and Response.objects.count() == 2


@pytest.mark.parametrize("comment", ["bez\x00zarzutu", "dzwonek\x07", "escape\x1b[31m"])
def test_a_comment_with_a_control_character_is_refused_per_rating(client, kiosk_token, comment):
    good, bad = rating(), rating(answers={"csat": 4, "comment": comment})
    response = post(client, kiosk_token, {"ratings": [bad, good]})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert (first["status"], first["field"], first["client_id"]) == (400, "answers", bad["client_id"])
    assert first["detail"] and second["status"] == 201
    assert list(Response.objects.values_list("client_id", flat=True)) == [uuid.UUID(good["client_id"])]


def test_newlines_and_tabs_are_text(client, kiosk_token):
    response = post(client, kiosk_token, {"ratings": [rating(answers={"csat": 4, "comment": "a\n\tb"})]})
    assert response.json()["results"][0]["status"] == 201
    assert Response.objects.get().comment == "a\n\tb"


def test_unreadable_ratings_are_named_by_their_position(client, kiosk_token):
    ratings = [
        rating(client_id="not-a-uuid"),
        {"submitted_at": timezone.now().isoformat(), "answers": {"csat": 5}},  # no client_id
        rating(submitted_at=0.5),
        rating(submitted_at="2026-11-29T10:00:00+01:00x"),
        rating(answers=["csat", 5]),
        rating(version="first"),
        rating(answers={"csat": 5, "reasons": [1, 2]}),
        rating(),
    ]
    response = post(client, kiosk_token, {"ratings": ratings})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == list(range(8))
    assert [r["status"] for r in results] == [400] * 7 + [201]
    assert [r["client_id"] for r in results[:2]] == [None, None]
    assert [r["field"] for r in results[:7]] == [
        "client_id",
        "client_id",
        "submitted_at",
        "submitted_at",
        "answers",
        "version",
        "answers.reasons",
    ]
    assert all(r["detail"] for r in results) is False  # the stored one has no message
    assert all(r["detail"] for r in results[:7])
    assert Response.objects.count() == 1


def test_a_batch_of_only_bad_ratings_stores_nothing_and_says_why(client, kiosk_token):
    response = post(client, kiosk_token, {"ratings": [rating(client_id="x"), rating(submitted_at="")]})
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == [400, 400]
    assert Response.objects.count() == 0


def test_a_batch_that_is_not_a_list_of_objects_is_refused_whole(client, kiosk_token):
    for body in ({"ratings": [rating(), 5]}, {"ratings": "all"}, {}):
        response = post(client, kiosk_token, body)
        assert response.status_code == 422 and response.json()["detail"]
    assert Response.objects.count() == 0


def test_an_oversized_batch_gets_a_json_error(client, kiosk_token, settings):
    too_many = post(client, kiosk_token, {"ratings": [rating() for _ in range(101)]})
    assert too_many.status_code == 400 and too_many.json()["field"] == "ratings"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    too_big = post(client, kiosk_token, {"ratings": [rating() for _ in range(20)]})
    assert too_big.status_code == 413
    assert too_big["Content-Type"].startswith("application/json") and too_big.json()["detail"]
    assert Response.objects.count() == 0


def test_one_rating_with_a_nul_or_a_naive_time_gets_a_422_naming_the_field(client, kiosk_token):
    single = "/api/v1/feedback/kiosk/ratings"
    nul = post(client, kiosk_token, rating(answers={"csat": 5, "comment": "a\x00"}), url=single)
    naive = post(client, kiosk_token, rating(submitted_at="2026-11-29 10:00"), url=single)
    assert (nul.status_code, nul.json()["field"]) == (422, "answers")
    assert (naive.status_code, naive.json()["field"]) == (422, "submitted_at")
    assert Response.objects.count() == 0


def test_the_service_refuses_control_characters_whatever_the_channel(point):
    # The QR pages and post-case surveys reach the same check without the API in front.
    with pytest.raises(ServiceError) as refused:
        services.response_submit(
            client_id=uuid.uuid4(),
            point=point,
            channel="qr",
            answers={"csat": 5, "comment": "bez\x00zarzutu"},
            client_key="a",
        )
    assert refused.value.field == "comment"
    with pytest.raises(ServiceError) as in_a_key:
        services.response_submit(
            client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat\x00": 5}, client_key="a"
        )
    assert in_a_key.value.field == "answers"
    assert Response.objects.count() == 0
