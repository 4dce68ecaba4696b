"""Full-text search of the BIP, Polish-aware and the same on SQLite and PostgreSQL.

Publishing an item (re)builds its entries in `SearchTerm`: every word of the title (weight 5), the
structured fields (3), the text and the attachments' text (1) reduced to its stem
(`core.polish.stem`), with the weights summed per stem. A query's words are stemmed the same way;
an item matches when it holds every query word, and ranks by the summed weights. A query word
typed without Polish letters also matches the stems of its possible Polish spellings that occur in
the index ("uchwaly" → "uchwały" → "uchwała"); a word typed with Polish letters is taken as
written. Passing `any_diacritics=False` turns the first off (exact words only).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When, Window
from django.utils.html import strip_tags

from magistrat.bip.models import Item, SearchTerm
from magistrat.core.polish import fold, spellings, stem, words

WEIGHTS = {"title": 5, "data": 3, "body": 1, "attachments": 1}
MAX_QUERY_WORDS = 8


def term_weights(texts: dict[str, str], *, max_length: int = 64) -> Counter:
    """The weighted stems of a record's texts by part ("title", "data", "body", "attachments"): what
    an index stores (the news of `comms` are indexed the same way)."""
    weights: Counter = Counter()
    for part, text in texts.items():
        for word in words(text):
            weights[stem(word)[:max_length]] += WEIGHTS[part]
    return weights


@transaction.atomic
def index_item(item: Item, *, attachments_text: str = "") -> int:
    """Index what the public sees of the item now (nothing when it is removed)."""
    SearchTerm.objects.filter(item=item).delete()
    if item.state == Item.State.REMOVED:
        return 0
    weights = term_weights(
        {
            "title": item.title,
            "data": " ".join(str(value) for value in item.data.values()),
            "body": strip_tags(item.body.replace("<", " <")),
            "attachments": attachments_text,
        }
    )
    SearchTerm.objects.bulk_create([SearchTerm(item=item, term=t, weight=w) for t, w in weights.items()])
    return len(weights)


def alternatives(word: str, any_diacritics: bool, index=SearchTerm.objects) -> set[str]:
    """The stems a query word stands for: its own, and for a word typed without Polish letters
    (with `any_diacritics`) those of its possible Polish spellings that occur in the index (a
    manager of a model with a `term` field: the BIP's, or the news index of `comms`)."""
    own = stem(word)
    if not any_diacritics or fold(word) != word:  # typed with Polish letters: meant as written
        return {own}
    candidates = {own} | {stem(spelling) for spelling in spellings(word)}
    known = set(index.filter(term__in=sorted(candidates)).values_list("term", flat=True).distinct())
    return known or {own}


def query_words(query: str) -> list[str]:
    """The distinct words of a query, in order (the search uses the first MAX_QUERY_WORDS)."""
    return list(dict.fromkeys(words(query)))


@dataclass(frozen=True)
class Hit:
    item_id: int
    score: int


def search(
    query: str,
    *,
    any_diacritics: bool = True,
    category=None,
    unit=None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Hit], int]:
    """Matching public items, best first, and how many match in all."""
    used = query_words(query)[:MAX_QUERY_WORDS]
    if not used:
        return [], 0
    groups = [alternatives(word, any_diacritics) for word in used]
    filters = Q()
    if category is not None:
        filters &= Q(item__category=category)
    if unit is not None:
        filters &= Q(item__unit=unit)
    if date_from:
        filters &= Q(item__first_published_at__date__gte=date_from)
    if date_to:
        filters &= Q(item__first_published_at__date__lte=date_to)
    # The index holds public items only (a removal empties an item's entries): no join unless filtered.
    entries = SearchTerm.objects.filter(filters) if filters else SearchTerm.objects.all()
    if len(groups) == 1 and len(groups[0]) == 1:
        # One word, one stem: each item has one entry, read in rank order from the index.
        (term,) = groups[0]
        matches = entries.filter(term=term)
        total = matches.count()
        ranked = matches.order_by("-weight", "-item").values_list("item", "weight")[offset : offset + limit]
        return [Hit(item_id=item, score=weight) for item, weight in ranked], total
    all_terms = set().union(*groups)
    matched_word = Case(
        *[When(term__in=sorted(group), then=Value(index)) for index, group in enumerate(groups)],
        output_field=IntegerField(),
    )
    rows = (
        entries.filter(term__in=sorted(all_terms))
        .values("item")
        .annotate(score=Sum("weight"), words=Count(matched_word, distinct=True), total=Window(Count("*")))
        .filter(words=len(groups))
        .order_by("-score", "-item")[offset : offset + limit]
    )
    page = list(rows)
    total = (
        page[0]["total"]
        if page
        else (0 if offset == 0 else _count(entries, all_terms, matched_word, len(groups)))
    )
    return [Hit(item_id=row["item"], score=row["score"]) for row in page], total


def _count(entries, all_terms, matched_word, words: int) -> int:
    """How many items match (for a page past the last one, where the window gives nothing)."""
    return (
        entries.filter(term__in=sorted(all_terms))
        .values("item")
        .annotate(words=Count(matched_word, distinct=True))
        .filter(words=words)
        .count()
    )
