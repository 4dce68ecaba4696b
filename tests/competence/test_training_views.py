"""The training pages: catalogue and training page with enrolment and attendance, an enrolment's
page with the certificate upload (a disguised file refused), downloads, my trainings, needs and
the plan with budget totals, mandatory compliance with its CSV/XLSX export, training leave."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from magistrat.competence.models import Certificate, Enrolment, Training, TrainingLeave, TrainingNeed
from magistrat.competence.services import training_plan
from magistrat.core.models import AuditEntry
from tests.competence.conftest import login
from tests.competence.training_helpers import PDF, complete, training

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(settings):
    settings.LANGUAGE_CODE = "en"


def test_hr_adds_a_training_and_bad_input_saves_nothing(client, people):
    login(client, people["hr"])
    today = timezone.localdate()
    data = {
        "title": "RODO w urzędzie",
        "provider_kind": "internal",
        "provider": "IOD",
        "form": "workshop",
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
        "hours": "4",
        "cost": "0",
        "capacity": "20",
        "mandatory_code": "gdpr",
        "behaviour_after_months": "3",
        "kpi_code": "",
    }
    response = client.post(reverse("competence:training_create"), data)
    assert response.status_code == 400 and "cannot end before it starts" in response.content.decode()
    assert not Training.objects.exists()
    response = client.post(reverse("competence:training_create"), data | {"ends_on": today.isoformat()})
    course = Training.objects.get()
    assert response.status_code == 302 and course.mandatory_code == "gdpr"


def test_the_training_page_shows_the_four_levels_and_enrols(client, people):
    course = training(people, capacity=1, starts_on=timezone.localdate() + timedelta(days=7))
    login(client, people["sa01_chief"])  # a superior without any role enrols a report
    page = client.get(reverse("competence:training_detail", args=[course.pk])).content.decode()
    for text in ("1. Reaction", "2. Learning", "3. Behaviour", "4. Results"):
        assert text in page
    url = reverse("competence:training_enrol", args=[course.pk])
    assert client.post(url, {"staff": people["official"].pk}).status_code == 302
    response = client.post(url, {"staff": people["aux"].pk})
    assert response.status_code == 400 and "full" in response.content.decode()
    response = client.post(url, {"staff": people["outsider"].pk})  # not their report: not offered
    assert response.status_code == 400
    assert list(Enrolment.objects.values_list("staff", flat=True)) == [people["official"].pk]


def test_a_person_without_a_role_or_reports_is_pointed_to_their_own(client, people):
    course = training(people)
    login(client, people["outsider"])
    assert "My trainings" in client.get(reverse("competence:training_list")).content.decode()
    assert client.get(reverse("competence:training_detail", args=[course.pk])).status_code == 404


def test_attendance_from_the_training_page(client, people):
    course = training(people)
    enrolment = training_enrol(people, course)
    login(client, people["hr"])
    url = reverse("competence:enrolment_action", args=[enrolment.pk, "attend"])
    assert client.post(url, {"next": "training"})["Location"] == reverse(
        "competence:training_detail", args=[course.pk]
    )
    client.post(
        reverse("competence:enrolment_action", args=[enrolment.pk, "complete"]),
        {"completed_on": course.ends_on.isoformat()},
    )
    enrolment.refresh_from_db()
    assert enrolment.state == "completed" and enrolment.completed_on == course.ends_on


def training_enrol(people, course):
    from magistrat.competence.services.trainings import enrol

    return enrol(user=people["hr"].user, training=course, staff=people["official"])


def test_certificate_upload_refuses_a_disguised_file_and_is_downloaded_by_its_holder(client, people):
    course = training(people)
    enrolment = complete(people, course, people["official"])
    login(client, people["official"])
    url = reverse("competence:enrolment_action", args=[enrolment.pk, "certificate"])
    fake = SimpleUploadedFile("certyfikat.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    client.post(url, {"file": fake, "issued_on": course.ends_on.isoformat()})
    assert not Certificate.objects.exists()
    real = SimpleUploadedFile("certyfikat.pdf", PDF, content_type="application/pdf")
    valid = (timezone.localdate() + timedelta(days=400)).isoformat()
    client.post(url, {"file": real, "issued_on": course.ends_on.isoformat(), "valid_until": valid})
    certificate = Certificate.objects.get()
    response = client.get(reverse("competence:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="competence.certificate.downloaded").exists()
    client.force_login(people["outsider"].user)
    assert client.get(reverse("competence:certificate_download", args=[certificate.pk])).status_code == 404


def test_my_trainings_and_the_account_link(client, people):
    course = training(people)
    complete(people, course, people["official"])
    login(client, people["official"])
    page = client.get(reverse("competence:my_trainings")).content.decode()
    assert course.title in page and "My mandatory trainings" in page and "Rate the training" in page
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("competence:my_trainings")}"' in home


def test_needs_and_the_plan_with_budget_totals(client, people, units):
    login(client, people["official"])
    response = client.post(
        reverse("competence:need_create"),
        {"staff": people["official"].pk, "year": 2027, "description": "Excel", "planned_cost": "300"},
    )
    assert response.status_code == 302 and TrainingNeed.objects.get().source == "person"
    response = client.post(
        reverse("competence:need_create"),
        {"staff": people["aux"].pk, "year": 2027, "description": "x", "planned_cost": "0"},
    )
    assert response.status_code == 400 and TrainingNeed.objects.count() == 1
    login(client, people["hr"])
    client.post(
        reverse("competence:plan_action", args=[2027, "budget"]),
        {"unit": units["SA-01"].pk, "amount": "1000"},
    )
    page = client.get(reverse("competence:plan", args=[2027])).content.decode()
    assert "1000" in page and "300" in page and "700" in page
    client.post(reverse("competence:plan_action", args=[2027, "approve"]))
    assert training_plan.plan_for_year(year=2027).state == "approved"
    need = TrainingNeed.objects.get()
    client.post(reverse("competence:need_update", args=[need.pk]), {"actual_cost": "-5"})
    need.refresh_from_db()
    assert need.actual_cost is None
    client.post(reverse("competence:need_update", args=[need.pk]), {"actual_cost": "320.00"})
    need.refresh_from_db()
    assert need.actual_cost == Decimal("320.00")
    assert "Excel" in client.get(reverse("competence:needs") + "?year=2027").content.decode()


def test_the_unit_head_sees_their_units_needs_only(client, people):
    training_plan.need_raise(
        user=people["hr"].user, staff=people["official"], year=2027, description="SA-01 need"
    )
    training_plan.need_raise(
        user=people["hr"].user, staff=people["outsider"], year=2027, description="FN need"
    )
    login(client, people["sa_chief"])
    page = client.get(reverse("competence:needs") + "?year=2027").content.decode()
    assert "SA-01 need" in page and "FN need" not in page


def test_mandatory_matrix_and_export(client, people, units):
    course = training(people, mandatory_code="gdpr")
    complete(people, course, people["official"])
    login(client, people["hr"])
    page = client.get(reverse("competence:mandatory") + f"?unit={units['SA-01'].pk}").content.decode()
    assert "Personal data protection (GDPR)" in page and str(people["official"]) in page
    response = client.get(reverse("competence:mandatory_export") + "?format=csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and ";" in text and str(people["official"]) in text and "valid" in text
    response = client.get(reverse("competence:mandatory_export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Employee number" in values and str(people["official"]) in values
    assert AuditEntry.objects.filter(action="competence.mandatory.exported").count() == 2
    login(client, people["fn_chief"])  # another unit's head: their unit only, 404 for SA-01
    assert client.get(reverse("competence:mandatory") + f"?unit={units['SA-01'].pk}").status_code == 404
    text = client.get(reverse("competence:mandatory_export")).content.decode()
    assert str(people["official"]) not in text and str(people["outsider"]) in text


def test_training_leave_page(client, people):
    login(client, people["hr"])
    data = {
        "staff": people["official"].pk,
        "kind": "matura",
        "starts_on": "2026-05-04",
        "days": "7",
        "study": "Matura",
    }
    response = client.post(reverse("competence:leave_create"), data)
    assert response.status_code == 400 and "at most 6 days" in response.content.decode()
    assert not TrainingLeave.objects.exists()
    assert client.post(reverse("competence:leave_create"), data | {"days": "6"}).status_code == 302
    assert "Matura" in client.get(reverse("competence:leave_list")).content.decode()


def test_hr_cancels_a_training_from_its_page_saying_why(client, people):
    course = training(people, starts_on=timezone.localdate() + timedelta(days=5))
    login(client, people["hr"])
    url = reverse("competence:training_cancel", args=[course.pk])
    assert url in client.get(reverse("competence:training_detail", args=[course.pk])).content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400 and not Training.objects.get(pk=course.pk).cancelled
    assert client.post(url, {"reason": "Trener zachorował"}).status_code == 302
    assert Training.objects.get(pk=course.pk).cancelled
    entry = AuditEntry.objects.get(action="competence.training.cancelled")
    assert entry.actor == people["hr"].user and entry.data["reason"] == "Trener zachorował"
    page = client.get(reverse("competence:training_detail", args=[course.pk])).content.decode()
    assert url not in page and "cancelled" in page
    login(client, people["sa01_chief"])  # a superior enrols, but does not cancel
    assert client.post(url, {"reason": "x"}).status_code == 403
