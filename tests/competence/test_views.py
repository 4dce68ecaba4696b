"""The pages, each with the three users: allowed, another unit, no role (and the employee's own)."""

from datetime import date

import pytest
from django.urls import reverse

from magistrat.competence.models import Appeal, Assessment
from magistrat.core.models import AuditEntry
from tests.competence.conftest import assess, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(people):
    return assess(
        people["official"], by=people["sa01_chief"], on=date(2025, 3, 3), delivered=date(2025, 3, 5)
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("official", 200),  # their own
        ("sa01_chief", 200),  # the superior who made it (no role needed)
        ("sa_chief", 200),  # unit head of SA: view permission for SA's subtree
        ("hr", 200),
        ("auditor", 200),  # reads everything
        ("mayor", 200),  # the head of the office receives every assessment (art. 27 ust. 4)
        ("fn_chief", 404),  # unit head of another unit
        ("outsider", 404),  # no role
        ("aux", 404),  # a colleague of the same unit without a role
    ],
)
def test_who_sees_an_assessment(client, people, made, who, status):
    response = login(client, people[who]).get(reverse("competence:assessment_detail", args=[made.pk]))
    assert response.status_code == status


def test_opening_someone_elses_assessment_is_logged(client, people, made):
    url = reverse("competence:assessment_detail", args=[made.pk])
    login(client, people["official"]).get(url)
    assert not AuditEntry.objects.filter(action="competence.assessment.viewed").exists()  # their own
    login(client, people["hr"]).get(url)
    entry = AuditEntry.objects.get(action="competence.assessment.viewed")
    assert entry.actor == people["hr"].user and entry.data["employee"] == str(people["official"])


def test_pdf_for_the_personnel_file(client, people, made):
    response = login(client, people["official"]).get(reverse("competence:assessment_pdf", args=[made.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="competence.assessment.pdf_downloaded").exists()
    assert (
        login(client, people["outsider"])
        .get(reverse("competence:assessment_pdf", args=[made.pk]))
        .status_code
        == 404
    )


def test_the_employee_confirms_and_appeals_from_their_page(client, people):
    from django.utils import timezone

    today = timezone.localdate()
    made = assess(people["official"], by=people["sa01_chief"], on=today.replace(year=today.year - 1))
    # the made assessment waits for the employee's confirmation, which starts the 7 days
    made.assessed_on = today
    made.save()
    login(client, people["official"])
    assert client.get(reverse("competence:mine")).status_code == 200
    client.post(reverse("competence:assessment_respond", args=[made.pk, "confirm"]))
    made.refresh_from_db()
    assert made.state == Assessment.State.DELIVERED and made.delivered_on == today
    client.post(
        reverse("competence:assessment_respond", args=[made.pk, "appeal"]), {"reasons": "Nie zgadzam się."}
    )
    assert Appeal.objects.get(assessment=made).filed_on == today
    # another person cannot appeal for them: refused with a message, nothing saved
    Appeal.objects.all().delete()
    made.state = Assessment.State.DELIVERED
    made.save()
    login(client, people["sa_chief"]).post(
        reverse("competence:assessment_respond", args=[made.pk, "appeal"]), {"reasons": "x"}
    )
    assert not Appeal.objects.exists()
    response = login(client, people["outsider"]).post(
        reverse("competence:assessment_respond", args=[made.pk, "appeal"]), {"reasons": "x"}
    )
    assert response.status_code == 404


def test_the_superior_starts_marks_and_makes_an_assessment(client, people):
    login(client, people["sa01_chief"])
    page = client.get(reverse("competence:mine"))
    assert str(people["official"]) in page.content.decode()
    response = client.post(reverse("competence:assessment_start", args=[people["official"].pk]))
    assessment = Assessment.objects.get()
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("competence:assessment_detail", args=[assessment.pk])).status_code == 200
    assert response.url == reverse("competence:assessment_marks", args=[assessment.pk])
    data = {f"mark_{c['code']}": "4" for c in assessment.order.criteria} | {
        "conclusions": "Dobrze.",
        "issue": "1",
    }
    response = client.post(reverse("competence:assessment_marks", args=[assessment.pk]), data)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.ISSUED and assessment.conclusions == "Dobrze."
    client.post(
        reverse("competence:assessment_action", args=[assessment.pk, "deliver"]),
        {
            "delivered_on": assessment.assessed_on.isoformat(),
            "delivered_to_head_on": assessment.assessed_on.isoformat(),
        },
    )
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DELIVERED


@pytest.mark.parametrize(("who", "status"), [("hr", 302), ("sa_chief", 404), ("outsider", 404)])
def test_only_the_superior_or_hr_reach_the_start(client, people, who, status):
    response = login(client, people[who]).post(
        reverse("competence:assessment_start", args=[people["official"].pk])
    )
    assert response.status_code == status
    assert not Assessment.objects.exists()  # HR is let in but refused: nobody stands in


def test_incomplete_marks_are_refused_on_the_form(client, people):
    login(client, people["sa01_chief"]).post(
        reverse("competence:assessment_start", args=[people["official"].pk])
    )
    assessment = Assessment.objects.get()
    response = client.post(reverse("competence:assessment_marks", args=[assessment.pk]), {"issue": "1"})
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("sa_chief", 200), ("outsider", 403)])
def test_overview_and_export(client, people, made, who, status):
    login(client, people[who])
    response = client.get(reverse("competence:overview"))
    assert response.status_code == status
    export = client.get(reverse("competence:due_export") + "?format=csv")
    assert export.status_code == status
    if status == 200:
        body = export.content.decode("utf-8-sig")
        assert str(people["official"]) in body
        if who == "sa_chief":
            assert str(people["outsider"]) not in body  # another unit's staff
            assert made.employee.user.last_name in response.content.decode()


def test_the_head_decides_an_appeal_on_the_page(client, people, made):
    appeal = Appeal.objects.create(
        assessment=made, filed_on=date(2025, 3, 6), filed_by=people["official"].user, reasons="x"
    )
    made.state = Assessment.State.APPEALED
    made.save()
    url = reverse("competence:assessment_action", args=[made.pk, "decide"])
    assert (
        login(client, people["auditor"]).post(url, {"decision": "dismissed", "reasons": "x"}).status_code
        == 404
    )
    assert (
        login(client, people["sa_chief"]).post(url, {"decision": "dismissed", "reasons": "x"}).status_code
        == 404
    )
    page = login(client, people["mayor"]).get(reverse("competence:assessment_detail", args=[made.pk]))
    assert 'name="decision"' in page.content.decode()  # the head sees the decision form
    client.post(url, {"decision": "dismissed", "reasons": "Ocena zasadna."})
    appeal.refresh_from_db()
    assert appeal.decision == "dismissed" and appeal.decided_by == people["mayor"].user


def test_the_home_page_links_to_ones_own_assessments(client, people):
    page = login(client, people["outsider"]).get(reverse("core:home"))
    assert reverse("competence:mine") in page.content.decode()
