"""Controlled documents: versions through approval by someone else, taking effect, superseding,
distribution and acknowledgement of the exact version; each refusal changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality import document_selectors as selectors
from magistrat.quality.addressing import is_addressed
from magistrat.quality.models import Acknowledgement, Document, DocumentVersion
from magistrat.quality.services import documents as docs
from tests.factories import StaffFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db
State = DocumentVersion.State


def test_a_version_goes_from_draft_to_current_and_supersedes_the_previous(
    current_document, owner, quality, today
):
    document, first = current_document()
    assert first.state == State.CURRENT and first.approved_by == quality
    document.refresh_from_db()
    assert document.next_review_on == today.replace(year=today.year + 1) or document.next_review_on > today
    second = docs.version_draft(document=document, by=quality, file=pdf("v2.pdf"), change_note="New form")
    docs.version_submit(version=second, by=quality)
    later = today + timedelta(days=10)
    docs.version_approve(version=second, by=owner, effective_on=later)
    second.refresh_from_db()
    assert second.state == State.APPROVED and document.current() == first  # not yet in effect
    assert docs.versions_take_effect(today=later) == 1
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.state, second.state) == (State.SUPERSEDED, State.CURRENT)
    assert first.superseded_on == later
    actions = list(
        AuditEntry.objects.filter(action__startswith="quality.document.").values_list("action", flat=True)
    )
    for name in ("created", "drafted", "submitted", "approved", "effective", "superseded", "distributed"):
        assert f"quality.document.{name}" in actions


def test_approving_ones_own_version_is_refused(make_document, owner, today):
    document = make_document()
    version = docs.version_draft(document=document, by=owner, file=pdf())
    docs.version_submit(version=version, by=owner)
    with pytest.raises(ServiceError, match="someone else must approve"):
        docs.version_approve(version=version, by=owner, effective_on=today)
    version.refresh_from_db()
    assert version.state == State.SUBMITTED and version.approved_by is None


def test_an_effective_date_before_approval_is_refused(make_document, owner, quality, today):
    document = make_document()
    version = docs.version_draft(document=document, by=owner, file=pdf())
    docs.version_submit(version=version, by=owner)
    with pytest.raises(ServiceError, match="before it is approved") as refused:
        docs.version_approve(version=version, by=quality, effective_on=today - timedelta(days=1))
    assert refused.value.field == "effective_on"
    version.refresh_from_db()
    assert version.state == State.SUBMITTED and version.effective_on is None


def test_one_version_in_preparation_at_a_time_and_only_drafts_are_discarded(make_document, owner):
    document = make_document()
    version = docs.version_draft(document=document, by=owner, file=pdf())
    with pytest.raises(ServiceError, match="in preparation"):
        docs.version_draft(document=document, by=owner, file=pdf())
    docs.version_discard(version=version, by=owner)
    assert docs.version_draft(document=document, by=owner, file=pdf()).number == 2


def test_a_returned_version_goes_back_to_its_author_with_the_reason(make_document, owner, quality):
    version = docs.version_draft(document=make_document(), by=owner, file=pdf())
    docs.version_submit(version=version, by=owner)
    with pytest.raises(ServiceError, match="what should change"):
        docs.version_return(version=version, by=quality, note=" ")
    docs.version_return(version=version, by=quality, note="Add the form's number")
    version.refresh_from_db()
    assert version.state == State.DRAFT and version.review_note == "Add the form's number"


def test_only_the_owner_and_the_quality_manager_write_versions(make_document, fn_head, clerk, quality):
    document = make_document()
    with pytest.raises(PermissionDenied):
        docs.version_draft(document=document, by=fn_head.user, file=pdf())
    with pytest.raises(PermissionDenied):
        docs.document_create(
            by=fn_head.user,
            number="X",
            title="X",
            kind="form",
            owner=clerk.user,
            unit=document.unit,
            jrwa_symbol="0121",
            archive_category="B5",
        )
    assert docs.version_draft(document=document, by=quality, file=pdf()).author == quality


def test_retention_fields_are_checked(make_document):
    with pytest.raises(ServiceError, match="archive category"):
        make_document(archive_category="C7")
    with pytest.raises(ServiceError, match="JRWA"):
        make_document(jrwa_symbol="01A")
    assert not Document.objects.exists()


def test_addressees_through_unit_position_and_person(current_document, units, owner, quality):
    document, version = current_document("P-01", "SA")
    member_of_section = StaffFactory(unit=units["SA-01"]).user  # sub-units are reached too
    other = StaffFactory(unit=units["FN"])
    named = StaffFactory(unit=units["FN"]).user
    assert is_addressed(member_of_section, document) and not is_addressed(other.user, document)
    docs.distribution_add(document=document, by=quality, person=named)
    docs.distribution_add(document=document, by=quality, position=other.position)
    assert is_addressed(named, document) and is_addressed(other.user, document)
    with pytest.raises(ServiceError, match="already addressed"):
        docs.distribution_add(document=document, by=quality, person=named)
    with pytest.raises(ServiceError, match="one unit"):
        docs.distribution_add(document=document, by=quality)


def test_acknowledgement_is_of_the_exact_version_and_a_new_version_asks_again(
    current_document, owner, quality, today, units
):
    document, first = current_document()
    reader = StaffFactory(unit=units["FN"]).user
    assert [row.version for row in selectors.to_acknowledge(user=reader)] == [first]
    docs.version_acknowledge(version=first, by=reader)
    assert selectors.to_acknowledge(user=reader) == []
    with pytest.raises(ServiceError, match="already acknowledged"):
        docs.version_acknowledge(version=first, by=reader)
    second = docs.version_draft(document=document, by=owner, file=pdf("v2.pdf"))
    docs.version_submit(version=second, by=owner)
    docs.version_approve(version=second, by=quality, effective_on=today)
    assert [row.version.pk for row in selectors.to_acknowledge(user=reader)] == [second.pk]  # asked again
    entry = AuditEntry.objects.filter(action="quality.document.acknowledged").get()
    assert entry.actor_id == reader.pk and entry.data["version"] == 1


def test_acknowledging_a_superseded_version_is_refused(current_document, owner, quality, today, units):
    document, first = current_document()
    reader = StaffFactory(unit=units["FN"]).user
    second = docs.version_draft(document=document, by=owner, file=pdf("v2.pdf"))
    docs.version_submit(version=second, by=owner)
    docs.version_approve(version=second, by=quality, effective_on=today)
    with pytest.raises(ServiceError, match="superseded"):
        docs.version_acknowledge(version=first, by=reader)
    assert not Acknowledgement.objects.exists()


def test_only_addressees_acknowledge(current_document, units, quality):
    _document, version = current_document()
    with pytest.raises(ServiceError, match="not addressed to you"):
        docs.version_acknowledge(version=version, by=quality)
    assert not Acknowledgement.objects.exists()


def test_the_periodic_review_moves_the_next_review(current_document, owner, today):
    document, _version = current_document()
    document = docs.document_reviewed(document=document, by=owner, today=today + timedelta(days=300))
    assert document.next_review_on > today + timedelta(days=600)


def test_overdue_acknowledgements_per_unit_for_the_head_and_the_office(
    current_document, units, fn_head, sa_head, quality, today
):
    document, version = current_document()
    StaffFactory(unit=units["FN"])
    late = today + timedelta(days=60)
    assert selectors.overdue_acknowledgements(user=fn_head.user, today=late) >= 2  # the head and the new one
    assert selectors.overdue_acknowledgements(user=sa_head.user, today=late) == 0
    office = selectors.overdue_acknowledgements(user=quality, today=late)
    assert office == selectors.overdue_acknowledgements(user=fn_head.user, today=late)
    assert selectors.overdue_acknowledgements(user=fn_head.user, today=today) == 0
