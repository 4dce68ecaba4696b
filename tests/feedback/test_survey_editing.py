"""Editing a survey in the UI: a new version with a reason; old answers keep their wording."""

import uuid

import pytest
from django.urls import reverse

from magistrat.core.models import AuditEntry
from magistrat.feedback.models import Survey, SurveyVersion
from magistrat.feedback.services import ratings, surveys

pytestmark = pytest.mark.django_db


def formset_data(questions: list[dict], **extra) -> dict:
    data = {
        "name_pl": "Ocena obsługi",
        "name_en": "Rating",
        "change_note": "Dodano pytanie o czas oczekiwania",
        "q-TOTAL_FORMS": str(len(questions)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "30",
    }
    for n, question in enumerate(questions):
        data |= {f"q-{n}-{key}": value for key, value in question.items()}
        data.setdefault(f"q-{n}-ORDER", str(n + 1))
    return data | extra


CSAT = {"id": "csat", "type": "csat", "required": "on", "text_pl": "Jak oceniasz obsługę?"}
WAIT = {
    "id": "wait_time",
    "type": "choice",
    "text_pl": "Ile czekałeś?",
    "options": "short | krócej niż 10 minut | under 10 minutes\nlong | dłużej | longer",
}


def test_editing_makes_a_new_version_used_from_now_on(client, quality, units):
    desk = Survey.objects.get(slug="desk")
    first = desk.current_version()
    client.force_login(quality)
    assert client.get(reverse("feedback:survey_list")).status_code == 200
    form = client.get(reverse("feedback:survey_edit", args=["desk"])).content.decode()
    assert "Jak oceniasz obsługę?" in form and "wait | czas oczekiwania | waiting time" in form
    response = client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data([CSAT, WAIT]))
    assert response.status_code == 302, response.content.decode()
    second = desk.current_version()
    assert second.number == first.number + 1 and second.created_by == quality
    assert [q["id"] for q in second.questions] == ["csat", "wait_time"]
    assert second.questions[1]["options"][0] == {
        "id": "short",
        "text": {"pl": "krócej niż 10 minut", "en": "under 10 minutes"},
    }
    assert SurveyVersion.objects.get(pk=first.pk).questions != second.questions  # the old wording stays
    assert AuditEntry.objects.filter(action="feedback.survey.version_created", actor=quality).exists()
    detail = client.get(reverse("feedback:survey_detail", args=["desk"])).content.decode()
    assert "Dodano pytanie o czas oczekiwania" in detail
    assert surveys.surveys_load() == []  # the package's wording no longer overrides the office's


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([], "co najmniej jedno pytanie"),
        ([CSAT | {"id": "satisfaction"}], "musi mieć identyfikator csat"),
        ([CSAT, CSAT | {"type": "nps", "id": "csat"}], "musi mieć identyfikator nps"),
        ([CSAT, WAIT | {"options": ""}], "opcji"),
        ([CSAT, WAIT | {"options": "short"}], "Wiersz 1"),
        ([CSAT, WAIT | {"id": "Wait Time!"}], "identyfikator"),
    ],
)
def test_bad_surveys_are_refused_and_nothing_changes(client, quality, questions, message):
    desk = Survey.objects.get(slug="desk")
    before = desk.versions.count()
    client.force_login(quality)
    response = client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data(questions))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert desk.versions.count() == before


def test_unchanged_or_unexplained_edits_are_refused(client, quality):
    desk = Survey.objects.get(slug="desk")
    client.force_login(quality)
    data = formset_data([CSAT, WAIT], change_note="")
    assert (
        "To pole jest wymagane"
        in client.post(reverse("feedback:survey_edit", args=["desk"]), data).content.decode()
    )
    client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data([CSAT, WAIT]))
    again = client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data([CSAT, WAIT]))
    assert "nie powstała nowa wersja" in again.content.decode()
    assert desk.versions.count() == 2


def test_only_survey_managers_edit(client, sa_head, clerk):
    for user in (sa_head.user, clerk.user):
        client.force_login(user)
        assert client.get(reverse("feedback:survey_list")).status_code == 403
        assert (
            client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data([CSAT])).status_code
            == 403
        )
    assert Survey.objects.get(slug="desk").versions.count() == 1


def test_answers_keep_the_version_they_answered(client, quality, units):
    from magistrat.feedback.models import ServicePoint

    point = ServicePoint.objects.create(
        code="A-S09", name="S9", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    old, _ = ratings.response_submit(
        client_id=uuid.uuid4(), point=point, channel="qr", answers={"csat": 5}, client_key="x"
    )
    client.force_login(quality)
    client.post(reverse("feedback:survey_edit", args=["desk"]), formset_data([CSAT, WAIT]))
    new, _ = ratings.response_submit(
        client_id=uuid.uuid4(),
        point=point,
        channel="qr",
        answers={"csat": 4, "wait_time": "long"},
        client_key="y",
    )
    assert (old.version.number, new.version.number) == (1, 2)
