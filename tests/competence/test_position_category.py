"""The employment category of a position (org), which decides who is assessed (art. 27 ust. 1)."""

import pytest
from django.urls import reverse

from magistrat.org.models import Position
from tests.competence.conftest import login

pytestmark = pytest.mark.django_db


def test_hr_sets_the_category_and_a_rename_keeps_it(client, people):
    login(client, people["hr"])
    client.post(reverse("org:position_list"), {"name": "Doradca Prezydenta", "category": "adviser"})
    position = Position.objects.get(name="Doradca Prezydenta")
    assert position.category == Position.Category.ADVISER
    client.post(reverse("org:position_edit", args=[position.pk]), {"name": "Doradca Burmistrza"})
    position.refresh_from_db()
    assert (position.name, position.category) == ("Doradca Burmistrza", Position.Category.ADVISER)
    client.post(reverse("org:position_list"), {"name": "Referent"})
    assert Position.objects.get(name="Referent").category == Position.Category.OFFICIAL


def test_the_demo_office_marks_its_non_official_posts(db):
    from magistrat.org.demo import _data

    data = _data()
    assert data["position_categories"]["Prezydent Miasta"] == "elected"
    assert data["position_categories"]["Pomoc Administracyjna"] == "auxiliary"
    assert set(data["position_categories"].values()) <= set(Position.Category.values)
