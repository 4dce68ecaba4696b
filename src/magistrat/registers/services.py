"""Every write to the complaints and motions register."""

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.deadlines import local_date
from magistrat.core.exceptions import ServiceError
from magistrat.core.numbering import next_number
from magistrat.org.models import Staff, Unit
from magistrat.registers.models import Complaint, ComplaintExtension

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
    year = local_date(received_at).year
    complaint = Complaint(
        number=f"SKW.1510.{next_number('complaints', year)}.{year}",
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


@transaction.atomic
def complaint_assign(*, complaint: Complaint, unit: Unit, assignee: Staff | None = None) -> Complaint:
    _require_open(complaint)
    if assignee is not None and not assignee.memberships.filter(unit=unit).exists():
        raise ServiceError(
            _("The person handling the case must belong to the chosen unit."), field="assignee"
        )
    complaint.unit, complaint.assignee = unit, assignee
    complaint.save()
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
    return complaint
