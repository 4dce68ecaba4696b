"""People are listed in Polish alphabetical order on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from magistrat.core.collation import collation_for, order_by_name, person_order, polish_key
from magistrat.org.models import Staff
from tests.factories import StaffFactory, UserFactory

NAMES = [
    "Żak",
    "Lis",
    "Dudek",
    "Łukasik",
    "Dąbrowska",
    "Zając",
    "Ćwik",
    "Cygan",
    "Śliwa",
    "Sowa",
    "Ostrowska",
]
POLISH_ORDER = [
    "Cygan",
    "Ćwik",
    "Dąbrowska",
    "Dudek",
    "Lis",
    "Łukasik",
    "Ostrowska",
    "Sowa",
    "Śliwa",
    "Zając",
    "Żak",
]


def test_the_python_key_sorts_the_polish_alphabet():
    assert sorted(NAMES, key=polish_key) == POLISH_ORDER
    assert sorted(["dąb", "Dąb", "Daab"], key=polish_key)[0] == "Daab"
    assert sorted(["Émile", "Ewa", "Eliza"], key=polish_key) == ["Eliza", "Émile", "Ewa"]


@pytest.mark.django_db
def test_the_database_sorts_people_the_same_way(units):
    for name in NAMES:
        StaffFactory(unit=units["FN"], user=UserFactory(last_name=name, first_name="Anna"))
    assert collation_for() in {"pl", "pl-x-icu", "und-x-icu"}
    users = person_order(get_user_model().objects.filter(last_name__in=NAMES))
    assert [u.last_name for u in users] == POLISH_ORDER
    staff = person_order(Staff.objects.in_units([units["FN"].pk]).select_related("user"), "user__")
    assert [s.user.last_name for s in staff] == POLISH_ORDER  # also through DISTINCT
    UserFactory(last_name="żak")
    UserFactory(last_name="lis")
    lower = order_by_name(
        get_user_model().objects.filter(last_name__in=["żak", "Zając", "lis", "Łukasik"]), "last_name"
    )
    assert [u.last_name for u in lower] == ["lis", "Łukasik", "Zając", "żak"]  # case does not matter


@pytest.mark.django_db
def test_the_staff_list_is_in_polish_order(client, hr, units):
    for name in ("Żak", "Łukasik", "Lis", "Dąbrowska", "Dudek"):
        StaffFactory(unit=units["FN"], user=UserFactory(last_name=name, first_name="Jan"))
    client.force_login(hr.user)
    page = client.get(reverse("org:staff_list"), {"unit": "FN"}).content.decode()
    positions = [page.index(f">{name} Jan<") for name in ("Dąbrowska", "Dudek", "Lis", "Łukasik", "Żak")]
    assert positions == sorted(positions)
