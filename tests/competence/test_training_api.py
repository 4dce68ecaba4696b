"""The trainings in the JSON API: the catalogue, the needs and the compliance, narrowed like the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from magistrat.competence.services import training_plan
from tests.competence.training_helpers import complete, training

pytestmark = pytest.mark.django_db


def test_trainings_needs_and_compliance(client, people, units):
    course = training(people, mandatory_code="gdpr", starts_on=timezone.localdate() - timedelta(days=3))
    complete(people, course, people["official"])
    year = timezone.localdate().year
    training_plan.need_raise(user=people["hr"].user, staff=people["official"], year=year, description="SA-01")
    training_plan.need_raise(user=people["hr"].user, staff=people["outsider"], year=year, description="FN")
    client.force_login(people["sa_chief"].user)
    trainings = client.get("/api/v1/competence/trainings").json()
    assert trainings["items"][0]["title"] == course.title and trainings["items"][0]["places_taken"] == 1
    needs = client.get(f"/api/v1/competence/needs?year={year}").json()["items"]
    assert [n["description"] for n in needs] == ["SA-01"]
    compliance = client.get("/api/v1/competence/mandatory/compliance").json()
    assert {row["unit"] for row in compliance} == {"SA", "SA-01"}
    row = next(r for r in compliance if r["unit"] == "SA-01")
    gdpr = next(r for r in row["rules"] if r["rule"] == "gdpr")
    assert gdpr["compliant"] >= 1 and gdpr["applicable"] >= gdpr["compliant"]
    client.force_login(people["outsider"].user)
    assert client.get("/api/v1/competence/trainings").status_code == 403
