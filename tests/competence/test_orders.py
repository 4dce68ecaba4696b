"""The head's order (art. 28): the shipped default and new versions made by HR."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from magistrat.competence.models import AssessmentOrder
from magistrat.competence.services.orders import default_order_data, order_load_default
from tests.competence.conftest import login

pytestmark = pytest.mark.django_db


def test_the_default_order_is_loaded_and_well_formed():
    data = default_order_data()
    assert {c["basis"] for c in data["criteria"]} == {"duties", "art24", "art25"}
    assert len({c["code"] for c in data["criteria"]}) == len(data["criteria"]) == 7
    assert [s["value"] for s in data["scale"]] == [1, 2, 3, 4, 5]
    order = AssessmentOrder.objects.get(version=1)  # loaded after migrate
    assert order.pass_mark == Decimal("3.00") and order.in_force_from == date(2009, 1, 1)
    assert order_load_default() is None  # never twice


def test_hr_makes_a_new_version(client, people):
    login(client, people["hr"])
    assert client.get(reverse("competence:order_create")).status_code == 200
    data = {
        "title": "Zarządzenie nr 7/2026",
        "in_force_from": "2026-01-01",
        "criteria": "duties | Realizacja zadań\nart24 | Obowiązki z art. 24\nart25 | Art. 25 ust. 1",
        "scale": "1 | zła\n2 | dostateczna\n3 | dobra",
        "pass_mark": "2",
        "after_negative_due_months": "6",
        "warn_days": "45",
    }
    response = client.post(reverse("competence:order_create"), data)
    order = AssessmentOrder.objects.get(version=2)
    assert response.url == reverse("competence:order_detail", args=[2])
    assert [c["basis"] for c in order.criteria] == ["duties", "art24", "art25"]
    assert client.get(reverse("competence:order_detail", args=[2])).status_code == 200


def test_a_version_without_the_statutory_duties_is_refused(client, people):
    login(client, people["hr"])
    data = {
        "title": "Zarządzenie",
        "in_force_from": "2026-01-01",
        "criteria": "duties | Realizacja zadań",
        "scale": "1 | zła\n2 | dobra",
        "pass_mark": "1.5",
        "after_negative_due_months": "6",
        "warn_days": "45",
    }
    response = client.post(reverse("competence:order_create"), data)
    assert response.status_code == 400 and "art. 27 ust. 3" in response.content.decode()
    bad_line = data | {"criteria": "duties Realizacja\nart24 | x"}
    assert client.post(reverse("competence:order_create"), bad_line).status_code == 400
    assert AssessmentOrder.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("sa_chief", 403), ("outsider", 403)])
def test_who_makes_versions(client, people, who, status):
    assert login(client, people[who]).get(reverse("competence:order_create")).status_code == status
