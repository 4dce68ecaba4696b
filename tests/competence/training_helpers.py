"""Shared helpers of the training tests (the people come from conftest.py)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from magistrat.competence.services import trainings
from magistrat.core.uploads import CheckedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "certyfikat.pdf") -> CheckedFile:
    return CheckedFile(name, "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


def training(people, *, starts_on: date | None = None, days: int = 1, capacity: int = 10, **kw):
    starts_on = starts_on or timezone.localdate() - timedelta(days=30)
    data = {
        "title": "Kodeks postępowania administracyjnego w praktyce",
        "provider_kind": "external",
        "provider": "Fundacja Rozwoju Samorządu",
        "form": "classroom",
        "starts_on": starts_on,
        "ends_on": starts_on + timedelta(days=days - 1),
        "hours": Decimal("8"),
        "cost": Decimal("1200.00"),
        "capacity": capacity,
    }
    data.update(kw)
    return trainings.training_create(user=people["hr"].user, **data)


def complete(people, course, person, *, on: date | None = None):
    hr = people["hr"].user
    enrolment = trainings.enrol(user=hr, training=course, staff=person)
    trainings.attendance_record(user=hr, enrolment=enrolment, attended=True)
    return trainings.enrolment_complete(user=hr, enrolment=enrolment, on=on or course.ends_on)
