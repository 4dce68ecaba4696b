from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from magistrat.feedback import rollups, selectors
from magistrat.feedback.models import Response
from tests.feedback.ratings import add_ratings, rating

pytestmark = pytest.mark.django_db


add = add_ratings


@pytest.fixture(params=["live", "rollups"])
def settle(request):
    """Figures must be the same read from the ratings (live) and from the daily rollups."""
    return rollups.refresh if request.param == "rollups" else lambda: None


def last_days(user, days: int = 30, **filters):
    today = timezone.localdate()
    return selectors.rating_scope(user=user, first=today - timedelta(days=days - 1), last=today, **filters)


def test_shares_intervals_and_scope(point, fn_point, sa_head, settle):
    add(point, [5] * 32 + [2] * 8)  # 80% of 40
    add(fn_point, [1] * 50)
    settle()
    overall, shares = selectors.satisfaction(last_days(sa_head.user), "unit")
    assert (overall.n, overall.percent, overall.interval_percent) == (40, "80", "65–90")
    assert [s.label for s in shares] == ["SA-01 Referat Ewidencji Ludności"]


def test_out_of_scope_users_see_nothing(point, hr):
    add(point, [5] * 40)
    overall, _ = selectors.satisfaction(last_days(hr.user), "unit")
    assert overall.n == 0  # hr has no feedback.view_responses: nothing in scope


def test_dashboard_page(client, point, sa_head, clerk):
    add(point, [5] * 35 + [1] * 5, days_ago=40)
    add(point, [5] * 10 + [1] * 30, days_ago=5)
    add(point, [4] * 3, days_ago=2, channel="kiosk")
    client.force_login(sa_head.user)
    page = client.get(reverse("feedback:dashboard") + "?group=month&days=90").content.decode()
    assert "<svg" in page and 'data-change="down"' in page  # 88% → 25% is a significant drop
    assert 'data-change="up"' not in page
    by_channel = client.get(reverse("feedback:dashboard") + "?group=channel").content.decode()
    assert "za mało ocen" in by_channel  # 3 kiosk ratings: never a bare percentage
    assert "samodzielny wybór" in by_channel  # kiosk results are labelled as self-selected
    client.force_login(clerk.user)
    assert client.get(reverse("feedback:dashboard")).status_code == 403


def test_ratings_export_is_scoped_and_audited(client, point, fn_point, sa_head):
    from magistrat.core.models import AuditEntry

    add(point, [5, 4])
    add(fn_point, [1])
    client.force_login(sa_head.user)
    body = client.get(reverse("feedback:response_export") + "?format=csv").content.decode("utf-8-sig")
    assert body.count("A-S07") == 2 and "C-S01" not in body
    assert client.get(reverse("feedback:response_export") + "?format=xlsx").status_code == 200
    assert AuditEntry.objects.filter(action="feedback.response.exported", actor=sa_head.user).count() == 2


def test_top_reasons(client, point, sa_head):
    moment = timezone.now() - timedelta(hours=1)
    Response.objects.bulk_create(
        [
            rating(point, csat=s, submitted_at=moment, answers={"csat": s, "reasons": r})
            for s, r in [(1, ["wait"]), (2, ["wait", "clarity"]), (5, ["courtesy"])]
        ]
    )
    reasons = selectors.top_reasons(last_days(sa_head.user, days=2))
    assert [(r.label, r.count) for r in reasons.rows][0] == ("czas oczekiwania", 2)
    assert (reasons.satisfied, reasons.dissatisfied) == (1, 2)


def test_monthly_report_and_desk_sheet_pdfs(client, point, sa_head, units, clerk):
    from magistrat.core.models import AuditEntry
    from tests.factories import StaffFactory, grant

    add(point, [5] * 40, days_ago=35)
    client.force_login(sa_head.user)
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    report = client.get(reverse("feedback:monthly_report") + f"?month={month}&unit=SA")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="feedback.report.exported").exists()
    assert client.get(reverse("feedback:monthly_report") + "?month=nonsense").content.startswith(b"%PDF")
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    client.force_login(quality)
    sheet = client.get(reverse("feedback:point_sheet", args=["A-S07"]))
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
    client.force_login(clerk.user)
    assert client.get(reverse("feedback:point_sheet", args=["A-S07"])).status_code == 403
    assert client.get(reverse("feedback:monthly_report")).status_code == 403


def test_officers_see_their_own_results_peers_do_not(client, point, units):
    from tests.factories import StaffFactory

    officer = StaffFactory(unit=units["SA-01"])
    peer = StaffFactory(unit=units["SA-01"])
    point.staffed_by = officer
    point.save()
    add(point, [5] * 31 + [1] * 9)
    client.force_login(officer.user)
    assert "78%" in client.get(reverse("feedback:my_ratings")).content.decode()
    client.force_login(peer.user)
    page = client.get(reverse("feedback:my_ratings")).content.decode()
    assert "78%" not in page and "A-S07" not in page
    assert client.get(reverse("feedback:dashboard")).status_code == 403


def test_dashboard_by_service_with_nps_unit_filter_and_comments(
    client, point, fn_point, sa_head, units, settle
):
    from magistrat.services.models import Service

    service = Service.objects.create(slug="meldunek", unit=units["SA-01"])
    moment = timezone.now() - timedelta(days=1)
    comments = {0: "Bardzo uprzejma obsługa", 1: "Długo czekałem w kolejce"}
    Response.objects.bulk_create(
        [
            rating(
                point,
                point=None,
                service=service,
                channel="post_case",
                submitted_at=moment,
                nps=10 if n < 25 else 8 if n < 35 else 3,
                comment=comments.get(n, ""),
            )
            for n in range(40)
        ]
    )
    Response.objects.filter(comment="Długo czekałem w kolejce").update(csat=1)
    add(fn_point, [1] * 5)
    settle()
    client.force_login(sa_head.user)
    page = client.get(reverse("feedback:dashboard") + "?group=service&days=30").content.decode()
    assert "meldunek" in page  # no card version yet: labelled by its address
    assert 'data-testid="overall-nps"' in page and "+50" in page  # 25 promoters, 5 detractors of 40
    assert "Bardzo uprzejma obsługa" in page and "Długo czekałem" in page
    low = client.get(reverse("feedback:dashboard") + "?scores=low&q=kolejce").content.decode()
    assert "Długo czekałem" in low and "Bardzo uprzejma" not in low
    # a unit outside the user's scope is ignored, not shown
    other = client.get(reverse("feedback:dashboard") + "?unit=FN&group=unit").content.decode()
    assert "FN " not in other.split('id="results"')[1]
    comments = client.get(reverse("feedback:response_list") + "?comments=1&scores=high").content.decode()
    assert "Bardzo uprzejma obsługa" in comments and "Długo czekałem" not in comments
