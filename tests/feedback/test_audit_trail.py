"""Every state change of the ratings module is a named audit event with what an auditor needs,
and no device token, pairing code or survey link (nor their hashes) ever reaches the trail."""

import json
import uuid

import pytest
from django.urls import reverse

from magistrat.core.models import AuditEntry
from magistrat.feedback.models import ServicePoint, Survey
from magistrat.feedback.services import devices, points, ratings, surveys, tokens

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def trail_text() -> str:
    """Everything the trail holds about its entries' content, as one text."""
    return json.dumps(
        list(AuditEntry.objects.values_list("object_repr", "changes", "data")), ensure_ascii=False
    )


def test_a_points_life_is_named_in_the_trail(units, quality):
    desk = Survey.objects.get(slug="desk")
    point = points.point_save(
        point=ServicePoint(code="B-K01", name="Kasa 1", unit=units["FN"], survey=desk), user=quality
    )
    [registered] = events("feedback.servicepoint.registered")
    assert registered.actor_id == quality.pk and registered.data["point"] == "B-K01"
    assert registered.data["unit"] == "FN"
    point.name = "Kasa główna"
    points.point_save(point=point, user=quality)
    [changed] = events("feedback.servicepoint.changed")
    assert changed.data["fields"] == ["name"]
    point.is_active = False
    points.point_save(point=point, user=quality)
    point.is_active = True
    points.point_save(point=point, user=quality)
    assert len(events("feedback.servicepoint.closed")) == len(events("feedback.servicepoint.reopened")) == 1
    points.point_save(point=point, user=quality)  # nothing changed: no event
    assert len(events("feedback.servicepoint.changed")) == 1


def test_a_target_says_what_it_was_before(units, quality):
    points.target_set(unit=units["SA"], target_percent=80, user=quality)
    points.target_set(unit=units["SA"], target_percent=85, user=quality)
    first, second = events("feedback.target.set")
    assert first.data == {"unit": "SA", "target_percent": 80, "before": None}
    assert second.data == {"unit": "SA", "target_percent": 85, "before": 80}


def test_devices_are_issued_paired_and_revoked_by_name_and_no_secret_is_kept(client, point, quality):
    device, token = devices.device_issue(point=point, name="Tablet 1", user=quality)
    [issued] = events("feedback.kiosk.device_issued")
    assert issued.data == {"point": "A-S07", "device": "Tablet 1", "device_id": device.pk}
    pairing, code = devices.kiosk_pairing_issue(point=point, name="Tablet 2", user=quality)
    response = client.post(reverse("kiosk_pair"), json.dumps({"code": code}), content_type="application/json")
    paired_token = response.json()["token"]
    [paired] = events("feedback.kiosk.paired")
    assert paired.data["device"] == "Tablet 2"
    devices.device_revoke(device=device, user=quality)
    devices.device_revoke(device=device, user=quality)  # already revoked: nothing more happens
    [revoked] = events("feedback.kiosk.device_revoked")
    assert revoked.actor_id == quality.pk and revoked.data["device_id"] == device.pk
    pairing.refresh_from_db()
    text = trail_text()
    for secret in (token, paired_token, code, code.replace("-", ""), device.token_hash, pairing.code_hash):
        assert secret not in text


def test_a_survey_link_is_named_without_its_token_and_its_use_is_not_tied_to_the_case(units, quality):
    survey_token, token = tokens.survey_token_issue(
        unit=units["SA-01"], case_reference="SKW.1510.7.2026", user=quality, valid_days=10
    )
    [issued] = events("feedback.survey_link.issued")
    assert issued.data["unit"] == "SA-01" and issued.data["case_reference"] == "SKW.1510.7.2026"
    assert issued.data["expires_at"] == survey_token.expires_at.isoformat()
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    tokens.response_submit_with_token(token=token, client_id=uuid.uuid4(), answers={"csat": 5})
    assert not AuditEntry.objects.filter(id__gt=last).exists()
    text = trail_text()
    assert token not in text and survey_token.token_hash not in text


def test_a_link_for_longer_than_the_policy_allows_is_refused(units, quality):
    from magistrat.core.exceptions import ServiceError

    with pytest.raises(ServiceError) as refused:
        tokens.survey_token_issue(
            unit=units["SA-01"],
            case_reference="",
            user=quality,
            valid_days=tokens.POST_CASE_MAX_VALID_DAYS + 1,
        )
    assert refused.value.field == "valid_days"
    assert not events("feedback.survey_link.issued")


def test_an_exclusion_names_who_and_why(point, quality):
    response, _created = ratings.response_submit(
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 1}, client_key="x"
    )
    ratings.response_exclude(response=response, reason="Test serwisu", user=quality)
    [excluded] = events("feedback.response.excluded")
    assert excluded.actor_id == quality.pk
    assert excluded.data == {"reason": "Test serwisu", "client_id": str(response.client_id)}


def test_a_survey_version_loaded_from_the_package_is_named(db):
    text = """surveys:
  desk:
    name: {pl: Ocena obsługi, en: Service rating}
    questions:
      - {id: csat, type: csat, required: true, text: {pl: "Jak oceniasz obsługę?", en: "How was it?"}}
"""
    [version] = surveys.surveys_load(text=text)
    loaded = events("feedback.survey.version_loaded")[-1]  # the catalogue's own, at migrate, come first
    assert loaded.data == {"survey": "desk", "version": version.number, "hash": version.content_hash}


def test_ratings_themselves_write_no_entry(point):
    before = AuditEntry.objects.count()
    ratings.response_submit(
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 4}, client_key="y"
    )
    assert AuditEntry.objects.count() == before  # anonymous facts by the thousand (see Response)


def test_every_feedback_event_has_a_label():
    from magistrat.core.audit_labels import is_labelled

    for action in (
        "feedback.servicepoint.registered",
        "feedback.servicepoint.changed",
        "feedback.servicepoint.closed",
        "feedback.servicepoint.reopened",
        "feedback.target.set",
        "feedback.kiosk.device_issued",
        "feedback.kiosk.device_revoked",
        "feedback.survey_link.issued",
        "feedback.survey.version_loaded",
    ):
        assert is_labelled(action), action
