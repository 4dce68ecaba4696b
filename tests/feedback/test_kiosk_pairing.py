"""Pairing a tablet: staff show a one-time link, QR code and short code; the tablet trades it for a token."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from magistrat.core.models import AuditEntry
from magistrat.feedback import selectors
from magistrat.feedback.models import KioskDevice, KioskPairing
from magistrat.feedback.services import devices
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def quality(units):
    return grant(StaffFactory(unit=units["SA"]).user, "quality_manager")


def exchange(client, code, **extra):
    return client.post(
        reverse("kiosk_pair"), json.dumps({"code": code}), content_type="application/json", **extra
    )


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_staff_pair_a_tablet_with_a_link_qr_code_and_short_code(client, point, quality):
    client.force_login(quality)
    response = client.post(
        reverse("feedback:device_pair", args=["A-S07"]), {"pair-name": "Tablet przy wyjściu"}
    )
    assert response.status_code == 302
    page = client.get(reverse("feedback:point_detail", args=["A-S07"])).content.decode()
    assert 'data-testid="pairing-code"' in page and "<svg" in page.split('data-testid="pairing"')[1]
    code = page.split('data-testid="pairing-code">')[1].split("<")[0]
    assert f"/kiosk/?pair={code}" in page and len(code) == 9 and code[4] == "-"
    again = client.get(reverse("feedback:point_detail", args=["A-S07"])).content.decode()
    assert 'data-testid="pairing-code"' not in again  # shown once
    pairing = KioskPairing.objects.get()
    assert code.replace("-", "") not in pairing.code_hash  # only the hash is kept
    assert AuditEntry.objects.filter(action="feedback.kiosk.pairing_issued", actor=quality).exists()


def test_the_pairing_view_needs_the_permission(client, point, quality, fn_head, clerk):
    url = reverse("feedback:device_pair", args=["A-S07"])
    client.force_login(quality)
    assert client.post(url, {"pair-name": "Tablet"}).status_code == 302
    for user in (fn_head.user, clerk.user):  # head of another unit; no role for ratings
        client.force_login(user)
        assert client.post(url, {"pair-name": "Tablet"}).status_code == 403
    client.logout()
    assert client.post(url, {"pair-name": "Tablet"}).status_code == 302
    assert KioskPairing.objects.count() == 1
    client.force_login(quality)
    assert client.get(url).status_code == 405
    assert client.post(reverse("feedback:device_pair", args=["NOPE"]), {"pair-name": "T"}).status_code == 404


def test_a_pairing_needs_a_device_name_and_an_open_point(client, point, quality):
    client.force_login(quality)
    client.post(reverse("feedback:device_pair", args=["A-S07"]), {"pair-name": "  "})
    point.is_active = False
    point.save()
    response = client.post(
        reverse("feedback:device_pair", args=["A-S07"]), {"pair-name": "Tablet"}, follow=True
    )
    assert response.status_code == 200
    assert not KioskPairing.objects.exists()


def test_a_code_pairs_a_tablet_once(client, point, quality):
    _pairing, code = devices.kiosk_pairing_issue(point=point, name="Tablet", user=quality)
    response = exchange(client, code.lower().replace("-", " "))  # typed in lower case, with a space
    assert response.status_code == 201
    token = response.json()["token"]
    device = selectors.device_for_token(token)
    assert device is not None and device.point == point and device.name == "Tablet"
    assert response.json()["point"] == "A-S07"
    assert KioskPairing.objects.get().device == device
    assert AuditEntry.objects.filter(action="feedback.kiosk.paired").exists()
    # the token works for the kiosk API
    survey = client.get("/api/v1/feedback/kiosk/survey", headers={"X-Kiosk-Token": token})
    assert survey.status_code == 200 and survey.json()["point"] == "A-S07"

    with_english = english(client)
    used = exchange(with_english, code)
    assert used.status_code == 400 and "already been used" in used.json()["detail"]
    assert KioskDevice.objects.count() == 1


def test_expired_and_unknown_codes_are_refused_with_a_message(client, point, quality):
    pairing, code = devices.kiosk_pairing_issue(point=point, name="Tablet", user=quality)
    KioskPairing.objects.filter(pk=pairing.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    english(client)
    expired = exchange(client, code)
    assert expired.status_code == 400 and "expired" in expired.json()["detail"]
    unknown = exchange(client, "ABCD-EFGH")
    assert unknown.status_code == 400 and "not valid" in unknown.json()["detail"]
    for body in (
        b"not json",
        b"[1, 2]",
        b'{"code": 5}',
        b'{"code": ""}',
        json.dumps({"code": "X" * 500}).encode(),
    ):
        response = client.post(reverse("kiosk_pair"), body, content_type="application/json")
        assert response.status_code == 400 and response.json()["detail"]
    assert client.get(reverse("kiosk_pair")).status_code == 405
    assert not KioskDevice.objects.exists()


def test_a_code_for_a_point_closed_meanwhile_is_refused(client, point, quality):
    _pairing, code = devices.kiosk_pairing_issue(point=point, name="Tablet", user=quality)
    point.is_active = False
    point.save()
    assert exchange(client, code).status_code == 400
    assert not KioskDevice.objects.exists()


def test_guessing_codes_is_rate_limited(client, point, quality):
    _pairing, code = devices.kiosk_pairing_issue(point=point, name="Tablet", user=quality)
    statuses = [exchange(client, f"AAAA-AAA{n}").status_code for n in range(2, 12)]
    assert statuses == [400] * 10
    assert exchange(client, code).status_code == 429  # even the right code, once over the limit
    assert not KioskDevice.objects.exists()


def test_the_kiosk_timeout_can_be_set_for_a_tablet(client):
    def idle(query):
        page = client.get(reverse("kiosk") + query).content.decode()
        return page.split('data-idle-seconds="')[1].split('"')[0]

    assert idle("") == "30"
    assert idle("?idle=2") == "2"
    assert idle("?idle=0") == "1"
    assert idle("?idle=99999") == "600"
    assert idle("?idle=soon") == "30"
