"""The dashboard's daily rollups: the same figures as counting the ratings, kept exact when ratings change."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from magistrat.core.deadlines import WARSAW
from magistrat.feedback import rollups
from magistrat.feedback.models import DirtyDay, RatingDay, Response, RollupState
from magistrat.feedback.rollups import Scope
from magistrat.feedback.services import ratings
from tests.feedback.ratings import rating

pytestmark = pytest.mark.django_db


def at(point, day, hour, csat, *, nps=None, reasons=(), channel="qr"):
    answers = {"csat": csat} | ({"reasons": list(reasons)} if reasons else {})
    moment = datetime.combine(day, time(hour, 15), tzinfo=WARSAW)
    return rating(point, csat=csat, submitted_at=moment, answers=answers, nps=nps, channel=channel)


def everything(scope):
    """Every figure the dashboard reads, in a comparable form."""
    return (
        {k: v.as_fields() for k, v in rollups.totals(scope, "").items()},
        {k: v.as_fields() for k, v in rollups.totals(scope, "unit").items()},
        {k: v.as_fields() for k, v in rollups.totals(scope, "point").items()},
        {k: v.as_fields() for k, v in rollups.totals(scope, "day").items()},
        {k: v.as_fields() for k, v in rollups.slots(scope).items()},
        {k: v.as_fields() for k, v in rollups.reasons(scope).items()},
    )


@pytest.fixture
def history(point, fn_point):
    today = timezone.localdate()
    rows = []
    for back in range(0, 40):
        day = today - timedelta(days=back)
        for n in range(back % 5 + 1):
            rows.append(at(point, day, 8 + n, 1 + (back + n) % 5, reasons=["wait"] if n % 2 else []))
            rows.append(at(fn_point, day, 16, 5, nps=(back * 3) % 11, channel="post_case"))
    Response.objects.bulk_create(rows)
    return rows


def test_rollups_give_the_same_figures_as_the_ratings(history):
    today = timezone.localdate()
    scopes = [
        Scope(first=today - timedelta(days=29), last=today),
        Scope(first=today - timedelta(days=9), last=today - timedelta(days=3), channel="qr"),
        Scope(first=today - timedelta(days=39), last=today, unit_ids=frozenset({history[0].unit_id})),
    ]
    live = [everything(scope) for scope in scopes]
    assert rollups.refresh() > 0
    assert RollupState.objects.get().built_through == today - timedelta(days=1)
    assert RatingDay.objects.filter(day=today).count() == 0  # today is always read live
    assert [everything(scope) for scope in scopes] == live


def test_a_late_rating_and_an_exclusion_mark_the_day_dirty_and_count_at_once(point, history, quality):
    today = timezone.localdate()
    rollups.refresh()
    scope = Scope(first=today - timedelta(days=29), last=today)
    before = rollups.totals(scope, "")[""]
    three_days_ago = timezone.now() - timedelta(days=3)
    ratings.response_submit(  # queued on an offline kiosk three days ago, sent now
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 1}, submitted_at=three_days_ago
    )
    assert DirtyDay.objects.filter(day=timezone.localdate(three_days_ago)).exists()
    after = rollups.totals(scope, "")[""]
    assert (after.n, after.satisfied) == (before.n + 1, before.satisfied)
    excluded = Response.objects.filter(csat__gte=4, submitted_at__lt=three_days_ago).first()
    ratings.response_exclude(response=excluded, reason="test", user=quality)
    assert rollups.totals(scope, "")[""].satisfied == before.satisfied - 1
    live = everything(scope)
    rollups.refresh()
    assert not DirtyDay.objects.exists()
    assert everything(scope) == live


def test_a_change_during_a_rebuild_keeps_the_day_dirty(point, history):
    day = timezone.localdate() - timedelta(days=2)
    rollups.mark_dirty([day])
    generation = DirtyDay.objects.get(day=day).generation
    rollups.mark_dirty([day])  # another rating arrived while a rebuild read generation 1
    assert DirtyDay.objects.get(day=day).generation == generation + 1
    DirtyDay.objects.filter(day=day, generation=generation).delete()  # what that rebuild would do
    assert DirtyDay.objects.filter(day=day).exists()


def test_nps_with_interval(history):
    today = timezone.localdate()
    nps = rollups.totals(Scope(first=today - timedelta(days=39), last=today), "")[""].share().nps
    assert nps.n == sum(back % 5 + 1 for back in range(40))
    low, high = nps.interval
    assert low < nps.value < high and low >= -100 and high <= 100
