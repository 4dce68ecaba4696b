"""Downloads of ratings: names and wording instead of codes and ids, and never another unit's data."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from magistrat.feedback.models import Response
from tests.factories import StaffFactory, grant
from tests.feedback.ratings import add_ratings, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratings(point, fn_point):
    moment = timezone.now() - timedelta(hours=3)
    Response.objects.bulk_create(
        [
            rating(point, csat=2, submitted_at=moment, answers={"csat": 2, "reasons": ["wait", "clarity"]}),
            rating(point, csat=5, submitted_at=moment, channel="kiosk", flagged=True, flag_reason="burst"),
        ]
    )
    add_ratings(fn_point, [1])


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_csv_has_names_and_wording_not_ids(client, ratings, sa_head):
    english(client).force_login(sa_head.user)
    rows = csv_rows(client.get(reverse("feedback:response_export") + "?format=csv"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["time", "service point", "service", "unit", "channel", "survey"]
    by_reasons = {row[header.index("reasons")]: row for row in body}
    slow = by_reasons["waiting time, clear information"]  # option wording, not "wait, clarity"
    assert slow[header.index("service point")] == "A-S07 Stanowisko 7"
    assert slow[header.index("unit")] == "SA-01 Referat Ewidencji Ludności"
    assert slow[header.index("channel")] == "QR code / short link"
    assert slow[header.index("survey")] == "Rating of service at the desk, version 1"
    assert (slow[header.index("flagged")], slow[header.index("excluded")]) == ("no", "no")
    flagged = by_reasons[""]
    assert (
        flagged[header.index("flagged")] == "yes"
        and flagged[header.index("channel")] == "kiosk (self-selected)"
    )
    assert len(body) == 2  # FN's rating is outside sa_head's units


def test_xlsx_has_translated_headers_and_labels(client, ratings, sa_head):
    english(client).force_login(sa_head.user)
    response = client.get(reverse("feedback:response_export") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    assert "reasons" in header and "unit" in header and "rating (CSAT, 1–5)" in header
    units = {row[header.index("unit")] for row in values[1:]}
    assert units == {"SA-01 Referat Ewidencji Ludności"}


def test_other_answers_are_shown_with_the_surveys_wording(client, point, sa_head, quality):
    from magistrat.feedback.services import surveys

    survey = point.survey
    questions = [
        *survey.current_version().questions,
        {
            "id": "wait_time",
            "type": "choice",
            "text": {"pl": "Ile czekałeś?", "en": "How long did you wait?"},
            "options": [{"id": "short", "text": {"pl": "krótko", "en": "briefly"}}],
        },
    ]
    version = surveys.survey_version_create(
        survey=survey, name=survey.name, questions=questions, change_note="czas", user=quality
    )
    Response.objects.create(
        **{
            field: getattr(rating(point, answers={"csat": 4, "wait_time": "short"}, csat=4), field)
            for field in ("client_id", "point", "unit_id", "channel", "submitted_at", "answers", "csat")
        },
        version=version,
    )
    english(client).force_login(sa_head.user)
    rows = csv_rows(client.get(reverse("feedback:response_export")))
    assert rows[1][rows[0].index("other answers")] == "How long did you wait?: briefly"


@pytest.mark.parametrize("unit", ["FN", "NOPE"])
def test_a_unit_outside_the_users_scope_is_refused_not_empty(client, ratings, sa_head, unit):
    client.force_login(sa_head.user)
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert client.get(reverse("feedback:response_export") + f"?format=csv&unit={unit}").status_code == 404
    assert client.get(reverse("feedback:response_export") + f"?format=xlsx&unit={unit}").status_code == 404
    assert client.get(reverse("feedback:monthly_report") + f"?month={month}&unit={unit}").status_code == 404
    assert client.get(reverse("feedback:response_export") + "?format=csv&unit=SA-01").status_code == 200


def test_the_desk_sheet_of_another_units_point_is_refused(
    client, point, fn_point, sa_head, fn_head, clerk, units
):
    client.force_login(sa_head.user)
    assert client.get(reverse("feedback:point_sheet", args=["C-S01"])).status_code == 404
    own = client.get(reverse("feedback:point_sheet", args=["A-S07"]))
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    client.force_login(fn_head.user)
    assert client.get(reverse("feedback:point_sheet", args=["A-S07"])).status_code == 404
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")  # office-wide
    client.force_login(quality)
    assert client.get(reverse("feedback:point_sheet", args=["C-S01"])).status_code == 200
    client.force_login(clerk.user)
    assert client.get(reverse("feedback:point_sheet", args=["A-S07"])).status_code == 403
    client.logout()
    assert client.get(reverse("feedback:point_sheet", args=["A-S07"])).status_code == 302
