"""BIP search: Polish inflection, text typed without Polish letters, ranking and filters."""

from datetime import date

import pytest

from magistrat.bip import services
from magistrat.bip.models import Category, Item
from magistrat.bip.search import search
from magistrat.core.polish import fold, spellings, stem, words
from tests.bip.conftest import approver_user

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
    user = approver_user()
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


def test_query_without_polish_letters_matches_by_default(bulletin):
    assert set(ids("uchwaly")) == {bulletin["resolution"].pk, bulletin["mention"].pk}
    assert ids("uchwaly", any_diacritics=False) == []  # exact words only, when asked for
    assert ids("naborze inspektora") == [bulletin["other"].pk]


def test_a_word_with_polish_letters_is_taken_as_written(units):
    court = publish(units, "ogloszenia", "Sąd rejonowy zawiadamia")
    orchard = publish(units, "ogloszenia", "Sad owocowy do wydzierżawienia")
    assert set(ids("sad")) == {court.pk, orchard.pk}  # "sad" may stand for "sąd"
    assert ids("sąd") == [court.pk]  # "sąd" never stands for "sad"
    assert ids("sad", any_diacritics=False) == [orchard.pk]


def test_filters_by_category_unit_and_date(bulletin, units):
    assert ids("uchwała", category=Category.objects.get(slug="ogloszenia")) == [bulletin["mention"].pk]
    assert ids("uchwała", unit=units["FN"]) == [bulletin["mention"].pk]
    assert ids("uchwała", date_to=date(2000, 1, 1)) == []


def test_removed_items_leave_the_index(bulletin):
    services.item_remove(item=bulletin["resolution"], by=approver_user(), reason="Uchylona")
    assert ids("uchwała") == [bulletin["mention"].pk]


def test_empty_or_symbol_query_matches_nothing(bulletin):
    assert search("  ?! ") == ([], 0)


# The public search page.


def search_page(client, **params):
    from django.urls import reverse

    return client.get(reverse("bip_public:search"), params)


def test_search_page_has_no_diacritics_checkbox_and_matches_without_polish_letters(client, bulletin):
    response = search_page(client, q="uchwaly")
    html = response.content.decode()
    assert response.status_code == 200 and "bez_polskich_znakow" not in html
    assert bulletin["resolution"].title in html and bulletin["mention"].title in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "uchwała", "od": "2026-13-01"}, "od"),
        ({"q": "uchwała", "do": "1.03.2026"}, "do"),
        ({"q": "uchwała", "od": "2026-05-01", "do": "2026-01-01"}, "do"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_search_parameters_get_a_message_not_a_server_error(client, bulletin, params, field):
    from django.utils import translation

    with translation.override("en"):
        response = search_page(client, **params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'role="alert"' in html and f'href="#s-{field}"' in html
    assert 'aria-invalid="true"' in html


def test_reversed_dates_and_a_long_query_have_clear_messages(client, bulletin):
    from django.utils import translation

    with translation.override("en"):
        reversed_dates = search_page(client, q="uchwała", od="2026-05-01", do="2026-01-01")
        too_long = search_page(client, q="słowo " * 40)
    assert "jest wcześniejsza niż data początkowa" in reversed_dates.context["form"].errors["do"][0]
    assert "at most 200 characters" in too_long.context["form"].errors["q"][0]


def test_words_beyond_the_limit_are_named_as_not_searched(client, bulletin):
    from magistrat.bip.search import MAX_QUERY_WORDS

    words = ["uchwała"] + [f"słowo{n}" for n in range(MAX_QUERY_WORDS + 1)]
    response = search_page(client, q=" ".join(words))
    assert response.status_code == 200
    assert response.context["ignored_words"] == words[MAX_QUERY_WORDS:]
    assert "słowo8" in response.content.decode()


def test_control_characters_in_the_query_are_refused(client, bulletin):
    assert search_page(client, q="uchwała\x00").status_code == 400


def test_a_page_number_too_large_is_not_an_error(client, bulletin):
    assert search_page(client, q="uchwała", page="99999999999999999999").status_code == 200
    assert search_page(client, q="uchwała", page="5000").status_code == 200
