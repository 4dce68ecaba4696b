import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.feedback.models import Response, Survey, SurveyVersion
from magistrat.feedback.services import devices, surveys
from magistrat.feedback.services import ratings as rating_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid.uuid4())}
    }


@pytest.fixture
def kiosk(point, quality):
    device, token = devices.device_issue(point=point, name="Tablet 1", user=quality)
    return device, token


def post_rating(client, token, **overrides):
    body = {
        "client_id": str(uuid.uuid4()),
        "submitted_at": timezone.now().isoformat(),
        "answers": {"csat": 5},
    }
    body |= overrides
    return client.post(
        "/api/v1/feedback/kiosk/ratings",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=token,
    )


def test_surveys_are_versioned_not_rewritten():
    desk = Survey.objects.get(slug="desk")
    first = desk.current_version()
    assert surveys.surveys_load() == []  # unchanged: no new version
    changed = """surveys:
  desk:
    name: {pl: Ocena, en: Rating}
    questions:
      - {id: csat, type: csat, required: true, text: {pl: "Ocena?", en: "Rating?"}}
"""
    [second] = surveys.surveys_load(text=changed)
    assert (first.number, second.number) == (1, 2)
    assert SurveyVersion.objects.get(pk=first.pk).questions != second.questions
    with pytest.raises(ValueError):
        first.save()


def test_kiosk_rating_is_stored_once_even_when_resent(client, kiosk):
    _device, token = kiosk
    client_id = str(uuid.uuid4())
    first = post_rating(
        client, token, client_id=client_id, answers={"csat": 4, "reasons": ["wait", "courtesy"]}
    )
    again = post_rating(client, token, client_id=client_id, answers={"csat": 4})
    assert (first.status_code, first.json()["stored"]) == (201, True)
    assert (again.status_code, again.json()["stored"]) == (200, False)
    response = Response.objects.get()
    assert response.csat == 4 and response.answers["reasons"] == ["courtesy", "wait"]
    assert response.channel == "kiosk" and response.unit.code == "SA-01"


def test_kiosk_survey_endpoint(client, kiosk):
    body = client.get("/api/v1/feedback/kiosk/survey", HTTP_X_KIOSK_TOKEN=kiosk[1]).json()
    assert body["point"] == "A-S07" and body["questions"][0]["type"] == "csat"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {"csat": 6}}, "csat"),
        ({"answers": {"csat": 0}}, "csat"),
        ({"answers": {"csat": "5"}}, "csat"),
        ({"answers": {"csat": True}}, "csat"),
        ({"answers": {}}, "csat"),
        ({"answers": {"csat": 3, "reasons": ["bribe"]}}, "reasons"),
        ({"answers": {"csat": 3, "mood": 1}}, "answers"),
        ({"answers": {"csat": 3, "comment": "x" * 1001}}, "comment"),
        ({"version": 99}, "version"),
    ],
)
def test_bad_ratings_are_refused_with_a_message(client, kiosk, overrides, field):
    response = post_rating(client, kiosk[1], **overrides)
    assert response.status_code == 400
    assert response.json()["detail"] and response.json()["field"] == field
    assert not Response.objects.exists()


def test_implausible_times_are_refused(client, kiosk):
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    old = (timezone.now() - timedelta(days=30)).isoformat()
    assert post_rating(client, kiosk[1], submitted_at=future).status_code == 400
    assert post_rating(client, kiosk[1], submitted_at=old).status_code == 400
    assert not Response.objects.exists()


def test_malformed_json_and_missing_fields(client, kiosk):
    broken = client.post(
        "/api/v1/feedback/kiosk/ratings",
        "{not json",
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=kiosk[1],
    )
    assert broken.status_code in (400, 422) and broken.json()["detail"]
    missing = client.post(
        "/api/v1/feedback/kiosk/ratings",
        json.dumps({"answers": {"csat": 5}}),
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=kiosk[1],
    )
    assert missing.status_code == 422
    assert not Response.objects.exists()


def test_unknown_or_revoked_devices_are_refused(client, kiosk, quality):
    device, token = kiosk
    assert post_rating(client, "not-a-token").status_code == 401
    devices.device_revoke(device=device, user=quality)
    assert post_rating(client, token).status_code == 401
    assert not Response.objects.exists()


def test_device_rate_limit_spares_the_offline_queue(client, kiosk):
    token = kiosk[1]
    live = [
        post_rating(client, token).status_code for _ in range(rating_services.DEVICE_LIMIT_PER_MINUTE + 1)
    ]
    assert live[-1] == 429 and live.count(201) == rating_services.DEVICE_LIMIT_PER_MINUTE
    queued_at = (timezone.now() - timedelta(hours=3)).isoformat()
    assert all(post_rating(client, token, submitted_at=queued_at).status_code == 201 for _ in range(10))


def test_bursts_are_flagged_not_dropped(client, kiosk):
    for _ in range(rating_services.BURST_COUNT + 1):
        post_rating(client, kiosk[1], answers={"csat": 1})
    assert Response.objects.count() == rating_services.BURST_COUNT + 1
    assert Response.objects.filter(flagged=True).count() == 2


def test_qr_page_stores_a_scrubbed_rating_once(client, point, office):
    page = client.get("/ocena/a-s07/")
    assert page.status_code == 200 and "Stanowisko 7" in page.content.decode()
    client_id = str(uuid.uuid4())
    data = {
        "client_id": client_id,
        "q_csat": "2",
        "q_reasons": ["wait"],
        "q_comment": "Czekałem godzinę, mój tel. 601 234 567",
    }
    assert client.post("/ocena/A-S07/", data)["Location"] == "/ocena/A-S07/dziekujemy/"
    client.post("/ocena/A-S07/", data)
    response = Response.objects.get()
    assert response.channel == "qr" and response.csat == 2
    assert "601" not in response.comment and "[usunięto]" in response.comment


def test_qr_page_errors(client, point, office):
    assert client.post("/ocena/A-S07/", {"client_id": str(uuid.uuid4()), "q_csat": "9"}).status_code == 200
    assert client.post("/ocena/A-S07/", {"client_id": str(uuid.uuid4())}).status_code == 200
    assert client.get("/ocena/NOPE/").status_code == 404
    point.is_active = False
    point.save()
    assert client.get("/ocena/A-S07/").status_code == 404
    assert not Response.objects.exists()


def test_qr_rate_limit_per_address(client, point, office):
    for _ in range(rating_services.IP_LIMIT_PER_HOUR):
        client.post(
            "/ocena/A-S07/", {"client_id": str(uuid.uuid4()), "q_csat": "5"}, REMOTE_ADDR="198.51.100.9"
        )
    blocked = client.post(
        "/ocena/A-S07/", {"client_id": str(uuid.uuid4()), "q_csat": "5"}, REMOTE_ADDR="198.51.100.9"
    )
    assert blocked.status_code == 429
    assert Response.objects.count() == rating_services.IP_LIMIT_PER_HOUR


def test_exclusion_needs_a_reason_and_is_audited(client, kiosk, quality):
    post_rating(client, kiosk[1])
    response = Response.objects.get()
    with override("en"), pytest.raises(ServiceError):
        rating_services.response_exclude(response=response, reason=" ", user=quality)
    rating_services.response_exclude(response=response, reason="Test urządzenia przez serwis", user=quality)
    assert Response.objects.get().excluded
    assert AuditEntry.objects.filter(action="feedback.response.excluded").exists()


def test_staff_pages_permissions(client, point, fn_point, kiosk, sa_head, clerk):
    from magistrat.core.models import User
    from tests.factories import StaffFactory, grant

    post_rating(client, kiosk[1])
    quality = grant(StaffFactory(unit=point.unit).user, "quality_manager")
    client.force_login(sa_head.user)
    assert client.get(reverse("feedback:response_list")).status_code == 200
    assert client.get(reverse("feedback:point_list")).status_code == 403
    response = Response.objects.get()
    assert (
        client.post(reverse("feedback:response_exclude", args=[response.pk]), {"reason": "x"}).status_code
        == 403
    )
    client.force_login(clerk.user)
    assert client.get(reverse("feedback:response_list")).status_code == 403
    client.force_login(quality)
    detail = client.get(reverse("feedback:point_detail", args=["A-S07"]))
    assert "/ocena/A-S07/" in detail.content.decode()
    client.post(reverse("feedback:device_issue", args=["A-S07"]), {"name": "Tablet 2"})
    shown = client.get(reverse("feedback:point_detail", args=["A-S07"])).content.decode()
    again = client.get(reverse("feedback:point_detail", args=["A-S07"])).content.decode()
    assert 'data-testid="kiosk-token"' in shown and 'data-testid="kiosk-token"' not in again
    client.post(reverse("feedback:response_exclude", args=[response.pk]), {"reason": "Ocena testowa"})
    assert Response.objects.get().excluded
    assert User.objects.filter(pk=quality.pk).exists()


def test_unit_heads_see_their_units_ratings_only(client, point, fn_point, sa_head):
    rating_services.response_submit(
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 5}, client_key="a"
    )
    rating_services.response_submit(
        client_id=uuid.uuid4(), point=fn_point, channel="qr", answers={"csat": 1}, client_key="b"
    )
    client.force_login(sa_head.user)
    page = client.get(reverse("feedback:response_list")).content.decode()
    assert "A-S07" in page and "C-S01" not in page


def post_batch(client, token, ratings):
    return client.post(
        "/api/v1/feedback/kiosk/ratings/batch",
        json.dumps({"ratings": ratings}),
        content_type="application/json",
        HTTP_X_KIOSK_TOKEN=token,
    )


def test_kiosk_batch_stores_each_rating_once_and_reports_each(client, kiosk):
    _device, token = kiosk
    now = timezone.now().isoformat()
    stored_before = str(uuid.uuid4())
    assert post_rating(client, token, client_id=stored_before).status_code == 201
    twice = str(uuid.uuid4())
    ratings = [
        {"client_id": twice, "submitted_at": now, "answers": {"csat": 4}},
        {"client_id": stored_before, "submitted_at": now, "answers": {"csat": 5}},  # a resend
        {"client_id": str(uuid.uuid4()), "submitted_at": now, "answers": {"csat": 9}},  # out of range
        {"client_id": twice, "submitted_at": now, "answers": {"csat": 4}},  # the same id in one batch
        {
            "client_id": str(uuid.uuid4()),
            "submitted_at": now,
            "answers": {"csat": 2, "comment": "tel. 600 700 800"},
        },
    ]
    response = post_batch(client, token, ratings)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 200, 400, 200, 201]
    assert results[2]["field"] == "csat" and results[2]["detail"]
    assert Response.objects.count() == 3
    assert "600" not in Response.objects.get(client_id=ratings[4]["client_id"]).comment
    again = post_batch(client, token, ratings).json()["results"]  # the whole queue resent
    assert [r["status"] for r in again] == [200, 200, 400, 200, 200]
    assert Response.objects.count() == 3


def test_kiosk_batch_bad_input(client, kiosk):
    _device, token = kiosk
    rating = {
        "client_id": str(uuid.uuid4()),
        "submitted_at": timezone.now().isoformat(),
        "answers": {"csat": 5},
    }
    too_many = post_batch(client, token, [rating | {"client_id": str(uuid.uuid4())} for _ in range(101)])
    assert too_many.status_code == 400 and "100" in too_many.json()["detail"]
    assert post_batch(client, token, []).status_code == 400
    assert post_batch(client, "not-a-token", [rating]).status_code == 401
    malformed = client.post(
        "/api/v1/feedback/kiosk/ratings/batch", "{", content_type="application/json", HTTP_X_KIOSK_TOKEN=token
    )
    assert malformed.status_code in (400, 422)
    assert Response.objects.count() == 0


def test_rating_a_service_from_its_card(client, units):
    from magistrat.services.models import Service, ServiceVersion

    service = Service.objects.create(slug="dowod-osobisty", unit=units["SA-01"])
    ServiceVersion.objects.create(
        service=service, number=1, name="Wydanie dowodu osobistego", description="…", change_note="nowa karta"
    )
    card = client.get(reverse("services_public:card", args=["dowod-osobisty"])).content.decode()
    assert "/ocena/usluga/dowod-osobisty/" in card
    page = client.get("/ocena/usluga/dowod-osobisty/")
    assert page.status_code == 200 and "Wydanie dowodu osobistego" in page.content.decode()
    data = {"client_id": str(uuid.uuid4()), "q_csat": "4", "q_comment": "Sprawnie"}
    assert (
        client.post("/ocena/usluga/dowod-osobisty/", data)["Location"]
        == "/ocena/usluga/dowod-osobisty/dziekujemy/"
    )
    stored = Response.objects.get()
    assert (stored.service, stored.unit, stored.point, stored.channel) == (
        service,
        units["SA-01"],
        None,
        "qr",
    )
    assert client.get("/ocena/usluga/nie-ma-takiej/").status_code == 404
