"""Training needs from new and changed controlled documents: a version taking effect, or a document
in force addressed to one more position, raises a need for everyone holding the positions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from magistrat.competence.models import TrainingNeed
from magistrat.competence.services.document_needs import needs_from_document
from magistrat.core.models import AuditEntry
from magistrat.core.uploads import CheckedFile
from magistrat.quality.services import documents as docs
from tests.factories import PositionFactory, StaffFactory, grant

pytestmark = pytest.mark.usefixtures("english")  # the need's description is read in English

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf():
    return CheckedFile("procedure.pdf", "pdf", "application/pdf", len(PDF), "0" * 64, PDF)


@pytest.fixture
def quality(units):
    manager = StaffFactory(unit=units["SA"], position=PositionFactory(name="Pełnomocnik ds. jakości"))
    return grant(manager.user, "quality_manager")


@pytest.fixture
def procedure(quality, people, office_tree):
    """A procedure owned by the SA-01 chief, addressed to the inspectors' position."""
    document = docs.document_create(
        by=quality,
        number="P-12",
        title="Meldunki cudzoziemców",
        kind="procedure",
        owner=people["sa01_chief"].user,
        unit=office_tree["SA-01"],
        jrwa_symbol="0121",
        archive_category="B10",
    )
    docs.distribution_add(document=document, by=quality, position=people["official"].position)
    docs.distribution_add(document=document, by=quality, unit=office_tree["FN"])  # a unit: no need
    return document


def _version(document, author, approver, effective_on):
    version = docs.version_draft(document=document, by=author, file=_pdf())
    docs.version_submit(version=version, by=author)
    return docs.version_approve(version=version, by=approver, effective_on=effective_on)


def _needs(version):
    return TrainingNeed.objects.filter(document_version=version)


def test_a_version_in_force_raises_a_need_for_everyone_in_the_positions(procedure, people, quality):
    today = timezone.localdate()
    author = people["sa01_chief"].user
    first = _version(procedure, author, quality, today)
    inspectors = {people[k].pk for k in ("official", "hr", "outsider", "auditor")}
    assert {n.staff_id for n in _needs(first)} == inspectors  # not the auxiliary clerk nor the heads
    need = _needs(first).get(staff=people["official"])
    assert need.source == TrainingNeed.Source.DOCUMENT and need.raised_by == quality
    assert need.plan.year == today.year and need.unit.code == "SA-01"
    assert need.description == "New or changed document: P-12 Meldunki cudzoziemców, version 1"
    entry = AuditEntry.objects.get(action="competence.plan.needs_from_document")
    assert entry.actor == quality and entry.data["needs"] == 4 and entry.data["version"] == 1
    assert AuditEntry.objects.filter(action="competence.trainingneed.created").count() == 4
    # a changed document asks again; the need of the earlier version stays as it was
    second = _version(procedure, author, quality, today)
    assert _needs(second).count() == 4 and _needs(first).count() == 4
    # followed twice, no second need for the same person and version
    assert needs_from_document(second, [people["official"].position_id], by=quality) == 0


def test_a_later_version_raises_them_when_the_daily_job_puts_it_in_force(procedure, people, quality):
    today = timezone.localdate()
    version = _version(procedure, people["sa01_chief"].user, quality, today + timedelta(days=3))
    assert not _needs(version).exists()
    assert docs.versions_take_effect(today=today + timedelta(days=3)) == 1
    assert _needs(version).count() == 4
    assert {n.raised_by for n in _needs(version)} == {quality}  # the approver, not nobody


def test_a_document_in_force_addressed_to_one_more_position(procedure, people, quality):
    version = _version(procedure, people["sa01_chief"].user, quality, timezone.localdate())
    docs.distribution_add(document=procedure, by=quality, position=people["aux"].position)
    assert _needs(version).filter(staff=people["aux"]).exists()
    assert _needs(version).count() == 5


def test_a_draft_document_addressed_to_a_position_raises_nothing_yet(procedure, people, quality):
    assert not TrainingNeed.objects.exists()
