"""Every write to the complaints and motions register."""

import uuid
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.bip import pagecache as bip_pages
from magistrat.core.audit import log_action
from magistrat.core.deadlines import Clock, due_date, legal_period, local_date
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import case_number
from magistrat.core.services import extension_check, notifications_resolve
from magistrat.core.uploads import CheckedFile
from magistrat.org.models import Staff, Unit
from magistrat.registers.models import (
    Complaint,
    ComplaintExtension,
    InfoRequest,
    Petition,
    PetitionUpdate,
    ReleasedDocument,
)

OUTCOMES_BY_KIND = {
    Complaint.Kind.COMPLAINT: {Complaint.Outcome.JUSTIFIED, Complaint.Outcome.UNJUSTIFIED},
    Complaint.Kind.MOTION: {Complaint.Outcome.ACCEPTED, Complaint.Outcome.REJECTED},
}


@transaction.atomic
def complaint_register(
    *,
    kind: str,
    channel: str,
    subject: str,
    content: str,
    received_at: datetime | None = None,
    submitter_name: str = "",
    submitter_address: str = "",
    submitter_email: str = "",
    submitter_phone: str = "",
    competent: str = Complaint.Competent.MAYOR,
    unit: Unit | None = None,
    registered_by=None,
    submission_key: uuid.UUID | None = None,
) -> Complaint:
    """Register a case and give it the next number of the year; a resent web form returns the first case."""
    if submission_key is not None:
        existing = Complaint.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ServiceError(_("The date of receipt cannot be in the future."), field="received_at")
    complaint = Complaint(
        number=case_number("complaints", "SKW.1510", received_at),
        kind=kind,
        channel=channel,
        subject=subject,
        content=content,
        received_at=received_at,
        submitter_name=submitter_name,
        submitter_address=submitter_address,
        submitter_email=submitter_email,
        submitter_phone=submitter_phone,
        competent=competent,
        unit=unit,
        registered_by=registered_by,
        submission_key=submission_key,
    )
    complaint.full_clean(exclude=["tracking_code"])
    complaint.save()
    return complaint


def _require_open(complaint: Complaint) -> None:
    if complaint.closed_at is not None:
        raise ServiceError(_("The case is closed."))


def _assigned(case, url_name: str, action: str, data: dict) -> None:
    """An assigned case leaves intake: the reminders to assign it are done."""
    log_action(case, action, data=data)
    notifications_resolve(url=reverse(url_name, args=[case.pk]))


def _closed(case, url_name: str) -> None:
    """A closed case's reminders (overdue, due soon, to assign) are done."""
    notifications_resolve(url=reverse(url_name, args=[case.pk]))


def _in_unit(person: Staff, unit: Unit) -> bool:
    return person.memberships.filter(unit_id__in=Unit.objects.subtree_ids([unit.pk])).exists()


@transaction.atomic
def complaint_assign(*, complaint: Complaint, unit: Unit, assignee: Staff | None = None) -> Complaint:
    """Give the case to a unit and, optionally, one of its staff (or of a unit below it)."""
    _require_open(complaint)
    if assignee is not None and not _in_unit(assignee, unit):
        raise ServiceError(_("The person handling the case must belong to the chosen unit."), field="handler")
    complaint.unit, complaint.assignee = unit, assignee
    complaint.save()
    _assigned(
        complaint,
        "registers:complaint_detail",
        "registers.complaint.assigned",
        {"unit": unit.code, "assignee": assignee.pk if assignee else None},
    )
    return complaint


@transaction.atomic
def complaint_extend(*, complaint: Complaint, new_due: date, reason: str, user) -> ComplaintExtension:
    """KPA art. 36: the person is told the reason for the delay and the new date."""
    _require_open(complaint)
    if not reason.strip():
        raise ServiceError(_("Give the reason for the delay (KPA art. 36)."), field="reason")
    if new_due <= complaint.clock.due_day:
        raise ServiceError(_("The new date must be after the current deadline."), field="new_due")
    extension = ComplaintExtension.objects.create(
        complaint=complaint, new_due=new_due, reason=reason, recorded_by=user
    )
    return extension


@transaction.atomic
def complaint_forward(*, complaint: Complaint, forwarded_to: str, note: str, user) -> Complaint:
    """KPA art. 231: forward to the competent body and tell the person."""
    _require_open(complaint)
    if not forwarded_to.strip():
        raise ServiceError(_("Name the body the case is forwarded to."), field="forwarded_to")
    complaint.outcome = Complaint.Outcome.FORWARDED
    complaint.forwarded_to = forwarded_to
    complaint.reply = note
    complaint.closed_at, complaint.closed_by = timezone.now(), user
    complaint.save()
    _closed(complaint, "registers:complaint_detail")
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, outcome: str, reply: str, user) -> Complaint:
    """Record the reply sent to the person and the outcome; the case leaves the open list."""
    _require_open(complaint)
    allowed = OUTCOMES_BY_KIND[Complaint.Kind(complaint.kind)] | {Complaint.Outcome.UNCONSIDERED}
    if outcome not in allowed:
        raise ServiceError(_("This outcome does not fit a case of this kind."), field="outcome")
    if not reply.strip():
        raise ServiceError(_("Record the reply sent to the person."), field="reply")
    complaint.outcome, complaint.reply = outcome, reply
    complaint.closed_at, complaint.closed_by = timezone.now(), user
    complaint.save()
    log_action(
        complaint,
        "registers.complaint.closed",
        data={"outcome": outcome, "on_time": complaint.clock.status()},
    )
    _closed(complaint, "registers:complaint_detail")
    return complaint


# Requests for public information (udip) -------------------------------------------------------


@transaction.atomic
def info_request_register(
    *,
    channel: str,
    subject: str,
    request_text: str,
    release_form: str,
    received_at: datetime | None = None,
    requester_name: str = "",
    requester_email: str = "",
    requester_address: str = "",
    unit: Unit | None = None,
    registered_by=None,
    submission_key: uuid.UUID | None = None,
) -> InfoRequest:
    """Register a request; a resent web form returns the first registration."""
    if submission_key is not None:
        existing = InfoRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ServiceError(_("The date of receipt cannot be in the future."), field="received_at")
    if release_form == InfoRequest.ReleaseForm.ELECTRONIC and not requester_email:
        raise ServiceError(
            _("Give an e-mail address to receive the information electronically."), field="requester_email"
        )
    if release_form == InfoRequest.ReleaseForm.PAPER and not requester_address:
        raise ServiceError(_("Give a postal address to receive a paper copy."), field="requester_address")
    request = InfoRequest(
        number=case_number("info-requests", "IP.1431", received_at),
        channel=channel,
        received_at=received_at,
        requester_name=requester_name,
        requester_email=requester_email,
        requester_address=requester_address,
        subject=subject,
        request_text=request_text,
        release_form=release_form,
        unit=unit,
        registered_by=registered_by,
        submission_key=submission_key,
    )
    clean_or_refuse(request, exclude=("tracking_code",))
    request.save()
    return request


def _require_open_request(request: InfoRequest) -> None:
    if request.closed_at is not None:
        raise ServiceError(_("The case is closed."))


def _within_first_14_days(request: InfoRequest, notified_at: datetime, what: str) -> None:
    first_due = Clock(start=request.received_at, period=legal_period("public_info_reply")).due
    if timezone.now() > first_due or notified_at > first_due:
        raise ServiceError(
            _("%(what)s must be notified within 14 days of receipt (by %(date)s); that time has passed.")
            % {"what": what, "date": local_date(first_due).isoformat()},
            field="notified_at",
        )
    if notified_at < request.received_at or notified_at > timezone.now():
        raise ServiceError(
            _("The notice date must be after receipt and not in the future."), field="notified_at"
        )


@transaction.atomic
def info_request_assign(*, request: InfoRequest, unit: Unit, handler=None) -> InfoRequest:
    _require_open_request(request)
    request.unit, request.handler = unit, handler
    request.save()
    _assigned(
        request,
        "registers:request_detail",
        "registers.inforequest.assigned",
        {"unit": unit.code, "handler": handler.pk if handler else None},
    )
    return request


@transaction.atomic
def info_request_extend(
    *, request: InfoRequest, extended_to: date, reason: str, notified_at: datetime
) -> InfoRequest:
    """Art. 13 ust. 2: the requester is told why and by when, at most 2 months from receipt."""
    _require_open_request(request)
    if request.extended_to is not None:
        raise ServiceError(_("The deadline has already been extended."))
    _within_first_14_days(request, notified_at, _("A delay"))
    reason = extension_check(
        first_due=local_date(Clock(start=request.received_at, period=legal_period("public_info_reply")).due),
        new_due=extended_to,
        latest=due_date(
            request.received_at, legal_period("public_info_extension")
        ),  # art. 13 ust. 2: 2 months
        reason=reason,
    )
    request.extended_to, request.extension_reason, request.extension_notified_at = (
        extended_to,
        reason,
        notified_at,
    )
    request.save()
    return request


@transaction.atomic
def info_request_fee(*, request: InfoRequest, amount, reason: str, notified_at: datetime) -> InfoRequest:
    """Art. 15: a fee for additional costs, notified within 14 days; release 14 days after the notice."""
    _require_open_request(request)
    if request.fee_notified_at is not None:
        raise ServiceError(_("A fee has already been notified."))
    _within_first_14_days(request, notified_at, _("A fee"))
    if amount is None or amount <= 0:
        raise ServiceError(_("The fee must be more than zero."), field="amount")
    if not reason.strip():
        raise ServiceError(_("Describe the additional costs."), field="reason")
    request.fee_amount, request.fee_reason, request.fee_notified_at = amount, reason.strip(), notified_at
    request.save()
    return request


@transaction.atomic
def info_request_close(
    *,
    request: InfoRequest,
    outcome: str,
    released: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_persons: str = "",
) -> InfoRequest:
    _require_open_request(request)
    if outcome == InfoRequest.Outcome.RELEASED and not released.strip():
        raise ServiceError(_("Describe the information or documents released."), field="released")
    if outcome in InfoRequest.DECISIONS:
        missing = [
            name
            for name, value in (
                ("decision_number", decision_number.strip()),
                ("decision_date", decision_date),
                ("decision_persons", decision_persons.strip()),
            )
            if not value
        ]
        if missing:
            raise ServiceError(
                _(
                    "A decision (art. 16) names its number, date and the persons who took a position, "
                    "with their functions."
                ),
                field=missing[0],
            )
    request.outcome, request.released = outcome, released.strip()
    request.decision_number, request.decision_date = decision_number.strip(), decision_date
    request.decision_persons, request.closed_at = decision_persons.strip(), timezone.now()
    clean_or_refuse(request)
    request.save()
    _closed(request, "registers:request_detail")
    return request


@transaction.atomic
def info_request_delivered(*, request: InfoRequest, delivered_on: date) -> InfoRequest:
    """Record when the decision was delivered: the 14 days to appeal run from then."""
    if request.outcome not in InfoRequest.DECISIONS:
        raise ServiceError(_("Only a decision is delivered with a time to appeal."))
    if delivered_on > timezone.localdate() or (
        request.decision_date and delivered_on < request.decision_date
    ):
        raise ServiceError(
            _("The delivery date must be between the decision date and today."), field="delivered_on"
        )
    request.decision_delivered_on = delivered_on
    request.save()
    return request


# Petitions (ustawa o petycjach) ----------------------------------------------------------------


@transaction.atomic
def petition_register(
    *,
    filed_at: datetime,
    petitioner: str,
    petitioner_contact: str,
    addressee: str,
    subject: str,
    content: str,
    consent_to_publish: bool = False,
    in_interest_of: str = "",
    unit: Unit | None = None,
    scan: CheckedFile | None = None,
) -> Petition:
    """Register a petition; it is on the BIP from this moment (art. 8 ust. 1)."""
    if filed_at > timezone.now():
        raise ServiceError(_("The filing date cannot be in the future."), field="filed_at")
    petition = Petition(
        number=case_number("petitions", "PET.152", filed_at),
        filed_at=filed_at,
        petitioner=petitioner,
        petitioner_contact=petitioner_contact,
        in_interest_of=in_interest_of,
        consent_to_publish=consent_to_publish,
        addressee=addressee,
        subject=subject,
        content=content,
        unit=unit,
    )
    if scan is not None:
        petition.scan.save(scan.name, ContentFile(scan.data), save=False)
    clean_or_refuse(petition)
    petition.save()
    _petition_public(petition)
    log_action(petition, "registers.petition.published", data={"number": petition.number})
    return petition


@transaction.atomic
def petition_update(*, petition: Petition, text: str) -> PetitionUpdate:
    """Publish a step in the course of the case."""
    if not text.strip():
        raise ServiceError(_("Describe what happened."), field="text")
    update = PetitionUpdate(petition=petition, text=text.strip())
    update.save()
    _petition_public(petition)
    return update


@transaction.atomic
def petition_extend(*, petition: Petition, extended_to: date, reason: str) -> Petition:
    """Art. 10 ust. 2: by the time needed, at most 3 further months; the petitioner is told why."""
    if petition.closed_at is not None:
        raise ServiceError(_("The case is closed."))
    if petition.extended_to is not None:
        raise ServiceError(_("The deadline has already been extended."))
    reason = extension_check(
        first_due=petition.clock.due_day,
        new_due=extended_to,
        latest=due_date(petition.filed_at, legal_period("petition_extension")),
        reason=reason,
    )
    petition.extended_to, petition.extension_reason = extended_to, reason
    petition.save()
    petition_update(
        petition=petition,
        text=_("The deadline was extended to %(date)s: %(reason)s")
        % {"date": extended_to.isoformat(), "reason": reason.strip()},
    )
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, outcome: str, reply: str) -> Petition:
    if petition.closed_at is not None:
        raise ServiceError(_("The case is closed."))
    if not reply.strip():
        raise ServiceError(_("Describe how the petition was dealt with."), field="reply")
    petition.outcome, petition.reply, petition.closed_at = outcome, reply.strip(), timezone.now()
    clean_or_refuse(petition)
    petition.save()
    _petition_public(petition)
    _closed(petition, "registers:petition_detail")
    return petition


@transaction.atomic
def petition_assign(*, petition: Petition, unit: Unit, handler=None) -> Petition:
    """Give the petition to the unit that prepares how it is dealt with, and optionally a person."""
    if petition.closed_at is not None:
        raise ServiceError(_("The case is closed."))
    petition.unit, petition.handler = unit, handler
    petition.save()
    _assigned(
        petition,
        "registers:petition_detail",
        "registers.petition.assigned",
        {"unit": unit.code, "handler": handler.pk if handler else None},
    )
    return petition


def petition_summary_slug(year: int) -> str:
    """The BIP address of the yearly summary of petitions (art. 14)."""
    return f"zbiorcza-informacja-o-petycjach-{year}"


def petition_year_summary(year: int) -> dict:
    """Art. 14: the petitions dealt with in a year: how many, their subjects and how they were dealt with."""
    closed = Petition.objects.filter(closed_at__year=year).order_by("filed_at")
    return {
        "year": year,
        "count": closed.count(),
        "petitions": [
            {
                "number": p.number,
                "subject": p.subject,
                "outcome": p.get_outcome_display(),
                "filed": local_date(p.filed_at),
            }
            for p in closed
        ],
    }


@transaction.atomic
def petition_summary_draft(*, year: int, by):
    """Prepare the yearly summary as a BIP item in "Petycje", to be approved and published by 30 June."""
    from django.template.loader import render_to_string

    from magistrat.bip import services as bip
    from magistrat.bip.models import Category, Item

    summary = petition_year_summary(year)
    unit = (
        by.staff.primary_unit
        if hasattr(by, "staff") and by.staff.primary_unit
        else Unit.objects.active().first()
    )
    if unit is None:
        raise ServiceError(_("The office has no units yet."))
    category = Category.objects.get(slug="petycje")
    slug = petition_summary_slug(year)
    item = Item.objects.filter(category=category, slug=slug).first() or Item(
        category=category, slug=slug, entered_by=by, unit=unit
    )
    item.title = f"Zbiorcza informacja o petycjach rozpatrzonych w {year} r."
    item.body = render_to_string("registers/petition_summary_body.html", {"summary": summary})
    item.produced_by = unit.name
    if not item.responsible_name and (unit.head is None or not unit.head.is_active):
        # Metryczka (art. 8 ust. 6 udip): a person answers for the content; the unit head when there
        # is one (filled in by the BIP), otherwise whoever drafts the summary.
        item.responsible_name = by.get_full_name() or by.get_username()
        item.responsible = by.staff.position.name if hasattr(by, "staff") else ""
    item.produced_on = timezone.localdate()
    if item.first_published_at:
        item.change_reason = _("Updated summary")
    return bip.item_save(item=item)


def _petition_public(petition: Petition) -> None:
    """The BIP shows the petition: cached pages end, and the static mirror (if kept) follows."""
    from django.conf import settings

    bip_pages.invalidate()
    if settings.MAGISTRAT_BIP_STATIC_MIRROR:
        from magistrat.bip.mirror import mirror_petition

        transaction.on_commit(lambda: mirror_petition.enqueue(petition.pk))


@transaction.atomic
def info_request_document_add(*, request: InfoRequest, file: CheckedFile) -> ReleasedDocument:
    """Keep a document released to the requester with the case."""
    document = ReleasedDocument(
        request=request,
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
    )
    document.file.save(file.name, ContentFile(file.data), save=False)
    document.save()
    return document
