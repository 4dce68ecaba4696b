"""Trainings and delivery: the training, enrolment (HR, or the superior for their reports; refused
over capacity or twice), attendance, completion, certificates as checked uploads, named events."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from magistrat.competence.models import Certificate, Enrolment, Training
from magistrat.competence.services import trainings as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from tests.competence.training_helpers import complete, pdf, training

pytestmark = pytest.mark.django_db


def test_hr_adds_a_training_with_its_competences(people):
    from magistrat.competence.models import Competence

    kpa = Competence.objects.get(code="kpa")
    course = training(people, competences=[kpa])
    assert list(course.competences.all()) == [kpa]
    assert course.behaviour_after_months == 3  # from data/training_policy.yaml
    entry = AuditEntry.objects.get(action="competence.training.added")
    assert entry.data["title"] == course.title and entry.data["competences"] == str(kpa)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": 0}, "cannot end before it starts"),
        ({"hours": Decimal(0)}, "number of hours"),
        ({"cost": Decimal("-1")}, "cannot be negative"),
        ({"capacity": 0}, "at least one place"),
        ({"title": "  "}, "title"),
        ({"mandatory_code": "no-such-rule"}, "Unknown mandatory training"),
        ({"kpi_code": "no.such_kpi"}, "Unknown KPI source"),
    ],
)
def test_bad_trainings_are_refused_and_nothing_saved(people, change, message):
    with pytest.raises(ServiceError, match=message):
        training(people, **change)
    assert not Training.objects.exists()
    assert not AuditEntry.objects.filter(action="competence.training.added").exists()


def test_only_hr_adds_trainings(people):
    with pytest.raises(PermissionDenied):
        services.training_create(
            user=people["sa01_chief"].user,
            title="X",
            provider_kind="internal",
            form="classroom",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            hours=Decimal(1),
            capacity=1,
        )


def test_the_superior_enrols_a_report_but_not_someone_else(people):
    course = training(people, starts_on=timezone.localdate() + timedelta(days=10))
    chief = people["sa01_chief"].user
    enrolment = services.enrol(user=chief, training=course, staff=people["official"])
    assert enrolment.unit.code == "SA-01" and enrolment.enrolled_by == chief
    entry = AuditEntry.objects.get(action="competence.training.enrolled")
    assert entry.data["employee"] == str(people["official"]) and entry.actor == chief
    with pytest.raises(PermissionDenied):
        services.enrol(user=chief, training=course, staff=people["outsider"])
    with pytest.raises(PermissionDenied):
        services.enrol(user=people["official"].user, training=course, staff=people["aux"])
    assert Enrolment.objects.count() == 1


def test_enrolment_is_refused_twice_and_over_capacity(people):
    course = training(people, capacity=1, starts_on=timezone.localdate() + timedelta(days=3))
    hr = people["hr"].user
    services.enrol(user=hr, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="already enrolled"):
        services.enrol(user=hr, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="full"):
        services.enrol(user=hr, training=course, staff=people["aux"])
    assert Enrolment.objects.count() == 1
    assert AuditEntry.objects.filter(action="competence.training.enrolled").count() == 1


def test_an_absent_person_frees_the_place(people):
    course = training(people, capacity=1)
    hr = people["hr"].user
    first = services.enrol(user=hr, training=course, staff=people["official"])
    services.attendance_record(user=hr, enrolment=first, attended=False)
    assert AuditEntry.objects.filter(action="competence.training.absent").exists()
    assert services.enrol(user=hr, training=course, staff=people["aux"]).pk


def test_attendance_completion_and_their_order(people):
    course = training(people)
    hr = people["hr"].user
    enrolment = services.enrol(user=hr, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="attendance first"):
        services.enrolment_complete(user=hr, enrolment=enrolment, on=course.ends_on)
    services.attendance_record(user=hr, enrolment=enrolment, attended=True)
    with pytest.raises(ServiceError, match="before it starts"):
        services.enrolment_complete(user=hr, enrolment=enrolment, on=course.starts_on - timedelta(days=1))
    with pytest.raises(ServiceError, match="future"):
        services.enrolment_complete(user=hr, enrolment=enrolment, on=timezone.localdate() + timedelta(days=1))
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.ATTENDED and enrolment.completed_on is None
    services.enrolment_complete(user=hr, enrolment=enrolment, on=course.ends_on)
    assert enrolment.state == Enrolment.State.COMPLETED
    actions = list(
        AuditEntry.objects.filter(action__startswith="competence.training.").values_list("action", flat=True)
    )
    assert "competence.training.attended" in actions and "competence.training.completed" in actions


def test_attendance_before_the_training_starts_is_refused(people):
    course = training(people, starts_on=timezone.localdate() + timedelta(days=5))
    enrolment = services.enrol(user=people["hr"].user, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="not started"):
        services.attendance_record(user=people["hr"].user, enrolment=enrolment, attended=True)


def test_certificates_with_validity(people):
    course = training(people)
    enrolment = complete(people, course, people["official"])
    today = timezone.localdate()
    with pytest.raises(ServiceError, match="expire before it was issued"):
        services.certificate_add(
            user=people["hr"].user,
            enrolment=enrolment,
            file=pdf(),
            issued_on=today,
            valid_until=today - timedelta(days=1),
        )
    with pytest.raises(ServiceError, match="future"):
        services.certificate_add(
            user=people["hr"].user, enrolment=enrolment, file=pdf(), issued_on=today + timedelta(days=1)
        )
    assert not Certificate.objects.exists()
    certificate = services.certificate_add(
        user=people["official"].user,  # the person adds their own
        enrolment=enrolment,
        file=pdf(),
        issued_on=course.ends_on,
        valid_until=today + timedelta(days=365),
        number="FRS/2026/17",
    )
    assert certificate.filename == "certyfikat.pdf" and certificate.file.read().startswith(b"%PDF")
    assert AuditEntry.objects.get(action="competence.certificate.added").data["number"] == "FRS/2026/17"
    with pytest.raises(PermissionDenied):
        services.certificate_add(user=people["aux"].user, enrolment=enrolment, file=pdf(), issued_on=today)


def test_a_certificate_needs_a_completed_training(people):
    course = training(people)
    enrolment = services.enrol(user=people["hr"].user, training=course, staff=people["official"])
    with pytest.raises(ServiceError, match="completed training"):
        services.certificate_add(
            user=people["hr"].user, enrolment=enrolment, file=pdf(), issued_on=course.ends_on
        )


def test_the_database_refuses_a_certificate_expiring_before_issue(people):
    from django.db import IntegrityError, transaction

    course = training(people)
    enrolment = complete(people, course, people["official"])
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrolment=enrolment,
            staff=enrolment.staff,
            issued_on=today,
            valid_until=today - timedelta(days=1),
            filename="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0",
            uploaded_by=people["hr"].user,
        )


def test_cancelled_training_takes_no_enrolments(people):
    course = training(people, starts_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ServiceError, match="reason"):
        services.training_cancel(user=people["hr"].user, training=course, reason=" ")
    services.training_cancel(user=people["hr"].user, training=course, reason="Trener zachorował")
    with pytest.raises(ServiceError, match="cancelled"):
        services.enrol(user=people["hr"].user, training=course, staff=people["official"])
    assert AuditEntry.objects.filter(action="competence.training.cancelled").exists()
