"""What documented information puts on people's home pages and in their daily reminder."""

from datetime import timedelta

import pytest

from magistrat.core.attention import reminded
from magistrat.core.deadlines import Status
from magistrat.quality.attention import document_attention
from magistrat.quality.models import Document, DocumentVersion
from magistrat.quality.services import documents as docs
from magistrat.quality.tasks import documents_take_effect
from tests.factories import StaffFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _titles(user) -> list[str]:
    return [item.title for item in document_attention(user)]


def test_the_owner_approves_the_managers_version_and_the_manager_the_owners(make_document, owner, quality):
    document = make_document()
    by_owner = docs.version_draft(document=document, by=owner, file=pdf())
    docs.version_submit(version=by_owner, by=owner)
    assert any(t.startswith("Approve P-04 v1") for t in _titles(quality))
    assert not any(t.startswith("Approve") for t in _titles(owner))  # never one's own
    docs.version_discard(version=by_owner, by=owner)
    by_manager = docs.version_draft(document=document, by=quality, file=pdf())
    docs.version_submit(version=by_manager, by=quality)
    assert any(t.startswith("Approve P-04 v2") for t in _titles(owner))
    assert not any(t.startswith("Approve") for t in _titles(quality))


def test_a_review_due_reminds_the_owner_daily(current_document, owner, today):
    document, _version = current_document()
    Document.objects.filter(pk=document.pk).update(next_review_on=today - timedelta(days=1))
    item = next(i for i in document_attention(owner) if i.title.startswith("Review the document"))
    assert item.status == Status.OVERDUE and reminded(item)


def test_an_addressee_is_reminded_until_they_acknowledge(current_document, units, today):
    _document, version = current_document()
    reader = StaffFactory(unit=units["FN"]).user
    DocumentVersion.objects.filter(pk=version.pk).update(effective_on=today - timedelta(days=30))
    item = next(i for i in document_attention(reader) if i.title.startswith("Acknowledge P-04"))
    assert item.status == Status.OVERDUE and reminded(item)
    docs.version_acknowledge(version=version, by=reader)
    assert not any(t.startswith("Acknowledge") for t in _titles(reader))


def test_the_morning_job_brings_approved_versions_into_effect(make_document, owner, quality, today):
    version = docs.version_draft(document=make_document(), by=owner, file=pdf())
    docs.version_submit(version=version, by=owner)
    docs.version_approve(version=version, by=quality, effective_on=today + timedelta(days=3))
    assert documents_take_effect.call() == 0
    DocumentVersion.objects.filter(pk=version.pk).update(effective_on=today)
    assert documents_take_effect.call() == 1
    version.refresh_from_db()
    assert version.state == DocumentVersion.State.CURRENT
