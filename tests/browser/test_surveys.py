"""The quality manager changes a survey and reads the comment stream; axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from magistrat.feedback.models import Survey
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quality_manager_adds_a_question_and_filters_comments(page, units):
    from magistrat.feedback.models import Response, ServicePoint
    from tests.feedback.ratings import add_ratings

    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    point = ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )
    add_ratings(point, [5] * 30 + [1] * 5, days_ago=2)
    Response.objects.filter(csat=1).update(comment="Długo czekałem w kolejce")
    Response.objects.filter(pk=Response.objects.filter(csat=5).first().pk).update(comment="Miła obsługa")
    sign_in(page, quality.username)
    page.wait_for_url("**/")

    page.get_by_role("link", name="Ankiety").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Ocena obsługi przy stanowisku")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Edytuj (nowa wersja)").click()
    assert_accessible(page)
    new = page.get_by_role("group", name="Nowe pytanie")
    new.get_by_label(re.compile("^identyfikator")).fill("wait_time")
    new.get_by_label("rodzaj").select_option("choice")
    new.get_by_label("pytanie (po polsku)").fill("Ile czekałeś?")
    new.get_by_label(re.compile("opcje")).fill("short | krócej niż 10 minut\nlong | dłużej")
    page.get_by_label("co i dlaczego zmieniono").fill("Pytanie o czas oczekiwania")
    page.get_by_role("button", name="Zapisz jako nową wersję").click()
    page.get_by_role("heading", name="Wersja 2").wait_for()
    assert_accessible(page)
    assert Survey.objects.get(slug="desk").current_version().questions[-1]["id"] == "wait_time"

    page.goto("/feedback/")
    expect(page.get_by_text("Długo czekałem w kolejce").first).to_be_visible()
    page.get_by_label("Komentarze przy ocenach").select_option("high")
    expect(page.get_by_text("Miła obsługa")).to_be_visible()
    expect(page.get_by_text("Długo czekałem w kolejce")).to_have_count(0)
    assert_accessible(page)
