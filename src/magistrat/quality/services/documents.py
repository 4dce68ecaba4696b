"""Writes of documented information (ISO 9001 7.5): documents, their versions through approval,
distribution, periodic review and the read-and-understood acknowledgements.

The quality manager registers documents; a document's owner and the quality manager write its
versions, distribute it and review it; a version is approved by someone other than its author
(ISO 9001 7.5.2 c: review and approval for suitability). Each change is a named audit event.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, require_may
from magistrat.core.uploads import CheckedFile
from magistrat.quality.addressing import is_addressed
from magistrat.quality.effects import positions_reached
from magistrat.quality.models import Acknowledgement, Distribution, Document, DocumentVersion

MANAGE = "quality.manage_quality"
VIEW = "quality.view_quality"
State = DocumentVersion.State


@transaction.atomic
def document_create(
    *,
    by,
    number: str,
    title: str,
    kind: str,
    owner,
    unit,
    jrwa_symbol: str,
    archive_category: str,
    review_every_months: int = 12,
) -> Document:
    if not has_perm(by, MANAGE):
        raise PermissionDenied
    if not getattr(owner, "is_active", False):
        raise ServiceError(_("The owner must be an active user."), field="owner")
    document = Document(
        number=number.strip(),
        title=title.strip(),
        kind=kind,
        owner=owner,
        unit=unit,
        jrwa_symbol=jrwa_symbol.strip(),
        archive_category=archive_category.strip(),
        review_every_months=review_every_months,
        created_by=by,
    )
    clean_or_refuse(document)
    document.save()
    log_action(
        document,
        "quality.document.created",
        user=by,
        data={"number": document.number, "owner": owner.get_username(), "unit": unit.code},
    )
    return document


def _locked(version: DocumentVersion) -> DocumentVersion:
    return DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)


@transaction.atomic
def version_draft(*, document: Document, by, file: CheckedFile, change_note: str = "") -> DocumentVersion:
    """A new version in draft, with its checked file. One unfinished version at a time."""
    require_may(by, MANAGE, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    if document.versions.filter(state__in=DocumentVersion.UNFINISHED).exists():
        raise ServiceError(
            _("The document already has a version in preparation: finish or discard it first.")
        )
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        change_note=change_note.strip(),
        author=by,
    )
    version.file.save(file.name, ContentFile(file.data), save=False)
    version.save()
    log_action(
        version,
        "quality.document.drafted",
        user=by,
        data={"number": document.number, "version": number, "file": file.name, "hash": file.sha256},
    )
    return version


@transaction.atomic
def version_submit(*, version: DocumentVersion, by, now: datetime | None = None) -> DocumentVersion:
    require_may(by, MANAGE, version)
    version = _locked(version)
    if version.state != State.DRAFT:
        raise ServiceError(_("Only a draft can be submitted for approval."))
    version.state, version.submitted_at = State.SUBMITTED, now or timezone.now()
    version.save()
    log_action(
        version,
        "quality.document.submitted",
        user=by,
        data={"number": version.document.number, "version": version.number},
    )
    return version


@transaction.atomic
def version_approve(
    *, version: DocumentVersion, by, effective_on: date, note: str = "", now: datetime | None = None
) -> DocumentVersion:
    """Approve for use from `effective_on` (today or later); never one's own version."""
    require_may(by, MANAGE, version)
    version = _locked(version)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if version.state != State.SUBMITTED:
        raise ServiceError(_("Only a version submitted for approval can be approved."))
    if version.author_id == by.pk:
        raise ServiceError(_("You wrote this version: someone else must approve it."))
    if effective_on < today:
        raise ServiceError(_("A version cannot take effect before it is approved."), field="effective_on")
    version.state, version.approved_by, version.approved_at = State.APPROVED, by, now
    version.effective_on, version.review_note = effective_on, note.strip()
    version.save()
    log_action(
        version,
        "quality.document.approved",
        user=by,
        data={
            "number": version.document.number,
            "version": version.number,
            "effective_on": effective_on.isoformat(),
            "note": version.review_note,
        },
    )
    if effective_on <= today:
        _take_effect(version, by=by)
    return version


@transaction.atomic
def version_return(*, version: DocumentVersion, by, note: str) -> DocumentVersion:
    """The reviewer sends the version back to its author with what to change."""
    require_may(by, MANAGE, version)
    version = _locked(version)
    if version.state != State.SUBMITTED:
        raise ServiceError(_("Only a version submitted for approval can be returned."))
    if not note.strip():
        raise ServiceError(_("Say what should change."), field="note")
    version.state, version.review_note = State.DRAFT, note.strip()
    version.save()
    log_action(
        version,
        "quality.document.returned",
        user=by,
        data={"number": version.document.number, "version": version.number, "note": version.review_note},
    )
    return version


@transaction.atomic
def version_discard(*, version: DocumentVersion, by) -> DocumentVersion:
    require_may(by, MANAGE, version)
    version = _locked(version)
    if version.state not in (State.DRAFT, State.SUBMITTED):
        raise ServiceError(_("Only a version not yet approved can be discarded."))
    version.state = State.DISCARDED
    version.save()
    log_action(
        version,
        "quality.document.discarded",
        user=by,
        data={"number": version.document.number, "version": version.number},
    )
    return version


def _take_effect(version: DocumentVersion, *, by=None) -> None:
    """The version becomes current; the previous one is superseded (kept, read-only), and the next
    periodic review is counted from the effective date."""
    document = version.document
    for old in document.versions.filter(state=State.CURRENT).exclude(pk=version.pk):
        old.state, old.superseded_on = State.SUPERSEDED, version.effective_on
        old.save()
        log_action(
            old,
            "quality.document.superseded",
            user=by,
            data={"number": document.number, "version": old.number, "by_version": version.number},
        )
    effective_on = version.effective_on
    assert effective_on is not None  # noqa: S101 - approval sets it (a database constraint too)
    version.state = State.CURRENT
    version.save()
    document.next_review_on = add_months(effective_on, document.review_every_months)
    document.save()
    log_action(
        version,
        "quality.document.effective",
        user=by,
        data={
            "number": document.number,
            "version": version.number,
            "effective_on": effective_on.isoformat(),
        },
    )
    positions_reached(
        version, document.distribution.exclude(position=None).values_list("position_id", flat=True), by=by
    )


@transaction.atomic
def versions_take_effect(*, today: date | None = None) -> int:
    """Approved versions whose effective date has come become current (the daily job)."""
    today = today or timezone.localdate()
    count = 0
    for version in (
        DocumentVersion.objects.select_for_update()
        .select_related("document")
        .filter(state=State.APPROVED, effective_on__lte=today)
        .order_by("effective_on", "pk")
    ):
        _take_effect(version)
        count += 1
    return count


@transaction.atomic
def distribution_add(*, document: Document, by, unit=None, position=None, person=None) -> Distribution:
    require_may(by, MANAGE, document)
    if sum(x is not None for x in (unit, position, person)) != 1:
        raise ServiceError(_("Address the document to one unit, position or person."))
    if Distribution.objects.filter(document=document, unit=unit, position=position, person=person).exists():
        raise ServiceError(_("The document is already addressed to them."))
    distribution = Distribution.objects.create(document=document, unit=unit, position=position, person=person)
    log_action(
        distribution,
        "quality.document.distributed",
        user=by,
        data={"number": document.number, "to": str(distribution)},
    )
    current = document.current()
    if position is not None and current is not None:
        positions_reached(current, [position.pk], by=by)
    return distribution


@transaction.atomic
def distribution_remove(*, distribution: Distribution, by) -> None:
    require_may(by, MANAGE, distribution)
    document = distribution.document
    log_action(
        document,
        "quality.document.undistributed",
        user=by,
        data={"number": document.number, "to": str(distribution)},
    )
    distribution.delete()


@transaction.atomic
def document_reviewed(*, document: Document, by, note: str = "", today: date | None = None) -> Document:
    """The owner's periodic review found the current version still fit (else: write a new one)."""
    require_may(by, MANAGE, document)
    today = today or timezone.localdate()
    if document.current() is None:
        raise ServiceError(_("A document without a current version cannot be reviewed."))
    document.next_review_on = add_months(today, document.review_every_months)
    document.save()
    log_action(
        document,
        "quality.document.reviewed",
        user=by,
        data={
            "number": document.number,
            "next_review_on": document.next_review_on.isoformat(),
            "note": note.strip(),
        },
    )
    return document


@transaction.atomic
def version_acknowledge(*, version: DocumentVersion, by, now: datetime | None = None) -> Acknowledgement:
    """ "Read and understood" of this exact version; a superseded version cannot be acknowledged."""
    version = DocumentVersion.objects.select_related("document").get(pk=version.pk)
    if version.state == State.SUPERSEDED:
        raise ServiceError(_("This version is superseded: acknowledge the current version instead."))
    if version.state != State.CURRENT:
        raise ServiceError(_("Only the current version of a document can be acknowledged."))
    # Being addressed is what entitles one to read and acknowledge it (quality/permissions.py).
    if not is_addressed(by, version.document):
        raise ServiceError(_("This document is not addressed to you."))
    if Acknowledgement.objects.filter(version=version, user=by).exists():
        raise ServiceError(_("You have already acknowledged this version."))
    acknowledgement = Acknowledgement.objects.create(
        version=version, user=by, acknowledged_at=now or timezone.now()
    )
    due = version.acknowledge_by()
    log_action(
        acknowledgement,
        "quality.document.acknowledged",
        user=by,
        data={
            "number": version.document.number,
            "version": version.number,
            "late": due is not None and timezone.localdate(acknowledgement.acknowledged_at) > due,
        },
    )
    return acknowledgement
