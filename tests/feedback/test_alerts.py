import pytest
from django.core import mail
from django.urls import reverse

from magistrat.core.attention import attention_for
from magistrat.core.models import Notification
from magistrat.feedback import alerts, selectors
from magistrat.feedback.services import points
from magistrat.feedback.stats import Share, traffic_light
from tests.factories import StaffFactory, grant
from tests.feedback.ratings import add_ratings

pytestmark = pytest.mark.django_db


add = add_ratings


@pytest.mark.parametrize(
    ("n", "satisfied", "light"),
    [(200, 190, "green"), (200, 100, "red"), (40, 30, "amber"), (10, 10, "grey")],
)
def test_traffic_light_respects_uncertainty(n, satisfied, light):
    assert traffic_light(Share("x", n, satisfied), 80) == light


def test_a_unit_surely_below_target_alerts_head_and_those_who_manage_ratings(
    point, units, admin_staff, django_capture_on_commit_callbacks
):
    head = StaffFactory(unit=units["SA-01"])
    units["SA-01"].head = head
    units["SA-01"].save()
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    points.target_set(unit=units["SA-01"], target_percent=80, user=quality)
    add(point, [5] * 90 + [1] * 10, days_ago=45)  # 90% the month before
    add(point, [5] * 55 + [1] * 45, days_ago=5)  # 55% now: red
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.satisfaction_alerts.call() == 3
        assert alerts.satisfaction_alerts.call() == 0  # once a week while it stays red
    # whoever holds feedback.manage_points (core.permissions.holders), not one hard-coded role
    recipients = {head.user.pk, quality.pk, admin_staff.user.pk}
    assert set(Notification.objects.values_list("user", flat=True)) == recipients
    assert len(mail.outbox) == 3 and "SA-01" in mail.outbox[0].subject


def test_the_targets_page_the_home_page_and_the_alert_agree(client, point, fn_point, units, fn_head):
    """SA-01 fell a lot but the data cannot place it against the target yet (amber): no "below
    target" anywhere. FN is surely below target without a recent drop (red): said everywhere."""
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    units["FN"].head = fn_head
    units["FN"].save()
    points.target_set(unit=units["SA-01"], target_percent=80, user=quality)
    points.target_set(unit=units["FN"], target_percent=80, user=quality)
    add(point, [5] * 95 + [1] * 5, days_ago=45)
    add(point, [5] * 29 + [1] * 11, days_ago=5)  # 72% of 40, 95% interval 57–84%: cannot tell
    add(fn_point, [5] * 60 + [1] * 40, days_ago=45)
    add(fn_point, [5] * 62 + [1] * 38, days_ago=5)  # 62% of 100, interval 52–71%: below

    statuses = {status.unit.code: status for status in selectors.target_statuses()}
    assert (statuses["SA-01"].light, statuses["SA-01"].change) == ("amber", "down")
    assert (statuses["FN"].light, statuses["FN"].change) == ("red", "")

    client.force_login(quality)
    page = client.get(reverse("feedback:targets")).content.decode()
    assert 'data-unit="SA-01" data-light="amber"' in page and 'data-unit="FN" data-light="red"' in page

    alerts.satisfaction_alerts.call()
    titles = set(Notification.objects.values_list("title", flat=True))
    assert any("FN" in title for title in titles) and not any("SA-01" in title for title in titles)
    assert set(Notification.objects.values_list("user", flat=True)) == {quality.pk, fn_head.user.pk}

    home = [item.url for item in attention_for(quality) if item.url.startswith(reverse("feedback:dashboard"))]
    assert home == [reverse("feedback:dashboard") + "?group=week&days=90&unit=FN"]
    assert "unit=FN" in client.get(reverse("core:home")).content.decode()


def test_the_home_page_shows_only_units_in_the_users_view(
    point, fn_point, units, sa_head, fn_head, clerk, quality
):
    points.target_set(unit=units["FN"], target_percent=80, user=quality)
    add(fn_point, [5] * 50 + [1] * 50, days_ago=5)

    def feedback_items(user):
        return [item for item in attention_for(user) if "unit=FN" in item.url]

    assert len(feedback_items(fn_head.user)) == 1
    assert feedback_items(sa_head.user) == []  # FN is outside SA's view
    assert feedback_items(clerk.user) == []  # no feedback.view_responses


def test_no_alert_without_enough_ratings_or_when_the_data_cannot_tell(point, units, quality):
    points.target_set(unit=units["SA-01"], target_percent=80, user=quality)
    add(point, [1] * 20, days_ago=5)  # far below, but 20 ratings: too few to say
    assert [status.light for status in selectors.target_statuses()] == ["grey"]
    assert alerts.satisfaction_alerts.call() == 0


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
