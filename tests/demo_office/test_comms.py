"""The demo office's newsroom: news over two years across categories and districts, deliveries in
every state (one failed and retried), one crisis message waiting for confirmation; no network."""

import pytest

from magistrat.comms.models import Delivery, NewsItem
from magistrat.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_the_demo_newsroom(settings):
    news = NewsItem.objects.all()
    assert news.filter(is_crisis=False).count() == 20
    dates = sorted(n.published_at for n in news)
    assert (dates[-1] - dates[0]).days > 600
    assert news.filter(state=NewsItem.State.WITHDRAWN).count() == 1
    assert news.values("categories").distinct().count() >= 5
    assert set(Delivery.objects.values_list("state", flat=True)) == set(Delivery.State.values)
    retried = AuditEntry.objects.filter(action="comms.delivery.retried").values_list("object_id", flat=True)
    assert (
        Delivery.objects.filter(
            news_id__in=[int(pk) for pk in retried], channel="facebook", state="sent"
        ).count()
        == 1
    )
    crisis = news.get(is_crisis=True)
    assert crisis.awaits_crisis_confirmation and crisis.crisis_template.approved_by != crisis.author
    for item in news.filter(approved_by__isnull=False):
        assert item.approved_by_id != item.author_id
