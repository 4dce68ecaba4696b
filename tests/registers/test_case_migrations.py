"""Moving to one case shape keeps every case's data: a complaint's handler, a petition's filing date,
a data subject request's completion survive the migrations (and going back restores them)."""

from datetime import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from magistrat.core.deadlines import WARSAW

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("org", "0002_intakeroute"),
    ("registers", "0005_petition_handler"),
    ("isms", "0004_alter_datasubjectrequest_handler"),
]
AFTER = [
    ("org", "0003_filingsymbol"),
    ("registers", "0006_cases_share_one_shape"),
    ("isms", "0005_data_subject_request_is_a_case"),
]
AT = datetime(2026, 3, 2, 9, 30, tzinfo=WARSAW)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_the_cases_keep_their_data_both_ways():
    old = _migrate(BEFORE)
    user = old.get_model("core", "User").objects.create(username="anna", first_name="Anna", last_name="Nowak")
    unit = old.get_model("org", "Unit").objects.create(code="SA", name="Wydział Spraw Obywatelskich")
    position = old.get_model("org", "Position").objects.create(name="Inspektor")
    staff = old.get_model("org", "Staff").objects.create(user=user, employee_number="T1", position=position)
    complaint = old.get_model("registers", "Complaint").objects.create(
        number="SKW.1510.1.2026",
        kind="complaint",
        channel="letter",
        received_at=AT,
        subject="Hałas",
        content="Hałas w nocy.",
        unit=unit,
        assignee=staff,
    )
    petition = old.get_model("registers", "Petition").objects.create(
        number="PET.152.1.2026",
        filed_at=AT,
        petitioner="Jan Kowalski",
        petitioner_contact="jan@example.pl",
        addressee="mayor",
        subject="Ławki",
        content="Proszę o ławki.",
    )
    request = old.get_model("isms", "DataSubjectRequest").objects.create(
        number="RODO.1.2026",
        right="access",
        received_at=AT,
        requester="Jan Nowak",
        contact="jan@example.pl",
        description="Kopia danych",
        outcome="fulfilled",
        completed_at=AT,
    )

    new = _migrate(AFTER)
    assert new.get_model("registers", "Complaint").objects.get(pk=complaint.pk).handler_id == user.pk
    assert new.get_model("registers", "Petition").objects.get(pk=petition.pk).received_at == AT
    assert new.get_model("isms", "DataSubjectRequest").objects.get(pk=request.pk).closed_at == AT

    back = _migrate(BEFORE)
    assert back.get_model("registers", "Complaint").objects.get(pk=complaint.pk).assignee_id == staff.pk
    assert back.get_model("registers", "Petition").objects.get(pk=petition.pk).filed_at == AT
    assert back.get_model("isms", "DataSubjectRequest").objects.get(pk=request.pk).completed_at == AT
    # The database is left as the other tests expect it: every app at its latest migration.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
