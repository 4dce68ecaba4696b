"""The services that change the ratings module's records ask the same permission question as the
pages (`core.permissions.may`): called directly, without the right, they refuse and change nothing."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.feedback import selectors
from magistrat.feedback.models import KioskPairing, SatisfactionTarget, ServicePoint, Survey, SurveyVersion
from magistrat.feedback.services import devices, points, ratings, surveys

pytestmark = pytest.mark.django_db


def test_without_managing_points_no_pairing_revoking_target_or_point(point, quality, sa_head, clerk):
    device, _token = devices.device_issue(point=point, name="Tablet", user=quality)
    for user in (sa_head.user, clerk.user):  # a unit head sees ratings but does not manage points
        with pytest.raises(PermissionDenied):
            devices.kiosk_pairing_issue(point=point, name="Tablet 2", user=user)
        with pytest.raises(PermissionDenied):
            devices.device_revoke(device=device, user=user)
        with pytest.raises(PermissionDenied):
            points.target_set(unit=point.unit, target_percent=80, user=user)
        point.name = "Inna nazwa"
        with pytest.raises(PermissionDenied):
            points.point_save(point=point, user=user)
    device.refresh_from_db()
    assert device.revoked_at is None and not KioskPairing.objects.exists()
    assert not SatisfactionTarget.objects.exists()
    assert ServicePoint.objects.get().name == "Stanowisko 7"


def test_only_moderators_exclude_ratings(point, quality, sa_head):
    response, _created = ratings.response_submit(
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 1}, client_key="x"
    )
    with pytest.raises(PermissionDenied):  # sees the rating, may not moderate it
        ratings.response_exclude(response=response, reason="Nie podoba mi się", user=sa_head.user)
    response.refresh_from_db()
    assert not response.excluded
    ratings.response_exclude(response=response, reason="Test serwisu", user=quality)
    response.refresh_from_db()
    assert response.excluded


def test_only_survey_managers_write_a_new_version(sa_head):
    survey = Survey.objects.get(slug="desk")
    current = survey.current_version()
    with pytest.raises(PermissionDenied):
        surveys.survey_version_create(
            survey=survey,
            name={"pl": "Nowa ankieta"},
            questions=current.questions,
            change_note="Zmiana tytułu",
            user=sa_head.user,
        )
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_rating_filters_stay_within_the_users_units(units, sa_head, fn_head):
    asked_fn = {"unit": "fn", "days": "7", "channel": "kiosk", "scores": "low", "q": "x" * 300}
    filters = selectors.rating_filters(user=sa_head.user, params=asked_fn, default_days=30)
    assert filters.unit_code == ""  # FN lies outside SA's head's view: ignored, not shown
    assert set(filters.units.values_list("code", flat=True)) == {"SA", "SA-01"}
    assert filters.scope.unit_ids == {units["SA"].pk, units["SA-01"].pk}
    assert (filters.days, filters.channel, filters.scores, len(filters.query)) == (7, "kiosk", "low", 100)
    own = selectors.rating_filters(user=fn_head.user, params={"unit": "fn", "days": "9"}, default_days=30)
    assert own.unit_code == "FN" and own.days == 30 and own.scope.unit_ids == {units["FN"].pk}


def test_the_target_drawn_is_that_of_the_one_unit_the_user_sees(units, quality, sa_head, auditor):
    points.target_set(unit=units["SA"], target_percent=75, user=quality)
    assert selectors.target_shown(user=sa_head.user, unit_code="").unit == units["SA"]
    assert selectors.target_shown(user=auditor.user, unit_code="") is None  # the whole office
    assert selectors.target_shown(user=auditor.user, unit_code="SA").target_percent == 75
