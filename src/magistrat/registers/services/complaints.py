"""Every write to the complaints and motions register (KPA Division VIII)."""

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.cases.services import case_assign, case_close, case_register, case_require_open
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.org.models import Unit
from magistrat.registers.models import Complaint, ComplaintExtension

OUTCOMES_BY_KIND = {
    Complaint.Kind.COMPLAINT: {Complaint.Outcome.JUSTIFIED, Complaint.Outcome.UNJUSTIFIED},
    Complaint.Kind.MOTION: {Complaint.Outcome.ACCEPTED, Complaint.Outcome.REJECTED},
}


def complaint_outcomes(complaint: Complaint) -> set[str]:
    """The outcomes that fit the case's kind; any case may be left without consideration (KPA art. 63)."""
    return OUTCOMES_BY_KIND[Complaint.Kind(complaint.kind)] | {Complaint.Outcome.UNCONSIDERED}


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
    by=None,
    submission_key: uuid.UUID | None = None,
) -> Complaint:
    """Register a case and give it the next number of the year; a resent web form returns the first case."""
    complaint = Complaint(
        kind=kind,
        channel=channel,
        subject=subject,
        content=content,
        received_at=received_at or timezone.now(),
        submitter_name=submitter_name,
        submitter_address=submitter_address,
        submitter_email=submitter_email,
        submitter_phone=submitter_phone,
        competent=competent,
        unit=unit,
        submission_key=submission_key,
    )
    return case_register(
        case=complaint,
        action="registers.complaint.registered",
        by=by,
        data={"kind": kind, "channel": channel, "competent": competent},
    )


def complaint_assign(*, complaint: Complaint, unit: Unit, handler=None, by=None) -> Complaint:
    """Give the case to a unit and, optionally, one of its staff (or of a unit below it)."""
    return case_assign(
        case=complaint, action="registers.complaint.assigned", unit=unit, handler=handler, by=by
    )


@transaction.atomic
def complaint_extend(*, complaint: Complaint, new_due: date, reason: str, by) -> ComplaintExtension:
    """KPA art. 36: the person is told the reason for the delay and the new date; each further
    delay is notified again, so a complaint keeps every extension."""
    require_may(by, complaint.case_permissions.manage, complaint)
    case_require_open(complaint)
    if not reason.strip():
        raise ServiceError(_("Give the reason for the delay (KPA art. 36)."), field="reason")
    if new_due <= complaint.clock.due_day:
        raise ServiceError(_("The new date must be after the current deadline."), field="new_due")
    extension = ComplaintExtension.objects.create(
        complaint=complaint, new_due=new_due, reason=reason.strip(), recorded_by=by
    )
    log_action(
        complaint,
        "registers.complaint.extended",
        user=by,
        data={"new_due": new_due, "reason": extension.reason},
    )
    return extension


def complaint_forward(*, complaint: Complaint, forwarded_to: str, note: str, by) -> Complaint:
    """KPA art. 231: forward to the competent body and tell the person; the case is closed here."""
    require_may(by, complaint.case_permissions.manage, complaint)
    case_require_open(complaint)
    if not forwarded_to.strip():
        raise ServiceError(_("Name the body the case is forwarded to."), field="forwarded_to")
    return case_close(
        case=complaint,
        action="registers.complaint.forwarded",
        outcome=Complaint.Outcome.FORWARDED,
        by=by,
        data={"forwarded_to": forwarded_to.strip()},
        forwarded_to=forwarded_to.strip(),
        reply=note,
    )


def complaint_close(*, complaint: Complaint, outcome: str, reply: str, by) -> Complaint:
    """Record the reply sent to the person and the outcome; the case leaves the open list."""
    require_may(by, complaint.case_permissions.manage, complaint)
    case_require_open(complaint)
    if outcome not in complaint_outcomes(complaint):
        raise ServiceError(_("This outcome does not fit a case of this kind."), field="outcome")
    if not reply.strip():
        raise ServiceError(_("Record the reply sent to the person."), field="reply")
    return case_close(
        case=complaint, action="registers.complaint.closed", outcome=outcome, by=by, reply=reply
    )
