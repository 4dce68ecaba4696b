"""Search of the public news with the BIP's Polish search (decision 0005): the same word splitting,
stemming and weights (`bip.search.WEIGHTS`, `query_words`, `core.polish`), and the same rule for a
word typed without Polish letters (`bip.search.term_weights`, `alternatives`). News items keep their
index in `NewsSearchTerm`, of the same shape as the BIP's `SearchTerm`."""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.html import strip_tags

from magistrat.bip.search import MAX_QUERY_WORDS, alternatives, query_words, term_weights
from magistrat.comms.models import NewsItem, NewsSearchTerm

TERM_LENGTH = 60  # NewsSearchTerm.term


@transaction.atomic
def index_news(news: NewsItem) -> int:
    """Index what the public sees of the item now (nothing unless it is published)."""
    NewsSearchTerm.objects.filter(news=news).delete()
    if news.state != NewsItem.State.PUBLISHED:
        return 0
    weights = term_weights(
        {"title": news.title, "data": news.lead, "body": strip_tags(news.body.replace("<", " <"))},
        max_length=TERM_LENGTH,
    )
    NewsSearchTerm.objects.bulk_create(
        [NewsSearchTerm(news=news, term=t, weight=w) for t, w in weights.items()]
    )
    return len(weights)


def search_ids(query: str) -> list[int]:
    """Ids of the matching news items, best first (every query word must match)."""
    used = query_words(query)[:MAX_QUERY_WORDS]
    if not used:
        return []
    groups = [alternatives(word, True, NewsSearchTerm.objects) for word in used]
    scores: Counter = Counter()
    matched: dict[int, int] = {}
    for group in groups:
        rows = (
            NewsSearchTerm.objects.filter(term__in=sorted(group))
            .values("news")
            .annotate(score=Sum("weight"), n=Count("pk"))
        )
        for row in rows:
            scores[row["news"]] += row["score"]
            matched[row["news"]] = matched.get(row["news"], 0) + 1
    hits = [news for news, count in matched.items() if count == len(groups)]
    return sorted(hits, key=lambda news: (-scores[news], -news))
