import pytest
from django.core import mail
from django.urls import reverse

from magistrat.core.models import Notification
from magistrat.feedback import alerts, services
from magistrat.feedback.stats import Share
from tests.factories import StaffFactory, grant
from tests.feedback.ratings import add_ratings

pytestmark = pytest.mark.django_db


add = add_ratings


@pytest.mark.parametrize(
    ("n", "satisfied", "light"),
    [(200, 190, "green"), (200, 100, "red"), (40, 30, "amber"), (10, 10, "grey")],
)
def test_traffic_light_respects_uncertainty(n, satisfied, light):
    assert alerts.traffic_light(Share("x", n, satisfied), 80) == light


def test_significant_drop_below_target_alerts_head_and_quality_managers(
    point, units, django_capture_on_commit_callbacks
):
    head = StaffFactory(unit=units["SA-01"])
    units["SA-01"].head = head
    units["SA-01"].save()
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    services.target_set(unit=units["SA-01"], target_percent=80)
    add(point, [5] * 90 + [1] * 10, days_ago=45)  # 90% the month before
    add(point, [5] * 55 + [1] * 45, days_ago=5)  # 55% now
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.satisfaction_alerts.call() == 2
        assert alerts.satisfaction_alerts.call() == 0  # once a day
    assert set(Notification.objects.values_list("user", flat=True)) == {head.user.pk, quality.pk}
    assert len(mail.outbox) == 2 and "SA-01" in mail.outbox[0].subject


def test_no_alert_without_a_significant_drop(point, units):
    services.target_set(unit=units["SA-01"], target_percent=80)
    add(point, [5] * 70 + [1] * 30, days_ago=45)
    add(point, [5] * 68 + [1] * 32, days_ago=5)  # below target, but no real change
    assert alerts.units_in_decline() == []


def test_targets_page(client, point, units, clerk):
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    client.force_login(quality)
    client.post(reverse("feedback:targets"), {"unit": units["SA-01"].pk, "target_percent": 85})
    assert units["SA-01"].satisfaction_target.target_percent == 85
    assert (
        client.post(
            reverse("feedback:targets"), {"unit": units["SA-01"].pk, "target_percent": 150}
        ).status_code
        == 200
    )
    assert "85%" in client.get(reverse("feedback:targets")).content.decode()
    client.force_login(clerk.user)
    assert client.get(reverse("feedback:targets")).status_code == 403
