"""BIP search: Polish inflection, text typed without Polish letters, ranking and filters."""

from datetime import date

import pytest

from magistrat.bip import services
from magistrat.bip.models import Category, Item
from magistrat.bip.search import search
from magistrat.core.polish import fold, spellings, stem, words
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_polish_words_are_stemmed_and_folded():
    assert {stem(w) for w in ("uchwała", "uchwały", "uchwale", "uchwałą")} == {"uchwała"}
    assert {stem(w) for w in ("budżet", "budżetu", "budżecie")} == {"budżet"}
    assert fold("Łódź, uchwały") == "Lodz, uchwaly"
    assert spellings("uchwaly")[0] == "uchwaly" and "uchwały" in spellings("uchwaly")
    assert len(spellings("zazolcenie" * 3)) == 1024  # capped
    assert words("Uchwała nr XII/123/2026 z dnia 26.03") == [
        "uchwała",
        "nr",
        "xii",
        "123",
        "2026",
        "dnia",
        "26",
        "03",
    ]


def publish(units, category: str, title: str, body: str = "", unit="SA", data=None) -> Item:
    user = UserFactory()
    item = services.item_save(
        item=Item(
            category=Category.objects.get(slug=category),
            unit=units[unit],
            slug=f"p-{Item.objects.count() + 1}",
            title=title,
            body=body,
            produced_by="Wydział",
            responsible="Naczelnik",
            produced_on=date(2026, 3, 1),
            entered_by=user,
        ),
        data=data or {},
    )
    services.item_submit(item=item)
    services.item_approve(item=item, approver=user)
    services.item_publish(item=item, by=user)
    return item


@pytest.fixture
def bulletin(units):
    return {
        "resolution": publish(
            units,
            "uchwaly",
            "Uchwała w sprawie budżetu obywatelskiego",
            data={"number": "I/1/2026", "adopted_on": "2026-01-05"},
        ),
        "mention": publish(
            units,
            "ogloszenia",
            "Ogłoszenie o konsultacjach",
            "<p>Projekt do uchwale Rady Miasta</p>",
            unit="FN",
        ),
        "other": publish(
            units,
            "nabory",
            "Nabór na stanowisko inspektora",
            data={"position": "Inspektor", "deadline": "2026-04-01"},
        ),
    }


def ids(query: str, **filters) -> list[int]:
    hits, _total = search(query, **filters)
    return [hit.item_id for hit in hits]


def test_inflected_query_finds_every_form_title_first(bulletin):
    assert ids("uchwały") == [bulletin["resolution"].pk, bulletin["mention"].pk]  # title outranks body
    assert ids("uchwale budżetu") == [bulletin["resolution"].pk]  # every word must match


def test_query_without_polish_letters(bulletin):
    assert ids("uchwaly") == []
    assert set(ids("uchwaly", any_diacritics=True)) == {bulletin["resolution"].pk, bulletin["mention"].pk}
    assert ids("naborze inspektora") == [bulletin["other"].pk]


def test_filters_by_category_unit_and_date(bulletin, units):
    assert ids("uchwała", category=Category.objects.get(slug="ogloszenia")) == [bulletin["mention"].pk]
    assert ids("uchwała", unit=units["FN"]) == [bulletin["mention"].pk]
    assert ids("uchwała", date_to=date(2000, 1, 1)) == []


def test_removed_items_leave_the_index(bulletin):
    services.item_remove(item=bulletin["resolution"], by=UserFactory(), reason="Uchylona")
    assert ids("uchwała") == [bulletin["mention"].pk]


def test_empty_or_symbol_query_matches_nothing(bulletin):
    assert search("  ?! ") == ([], 0)
