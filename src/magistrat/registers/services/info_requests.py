"""Every write to the register of requests for public information (ustawa o dostępie do
informacji publicznej, udip)."""

import uuid
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.cases.services import (
    case_assign,
    case_close,
    case_extend,
    case_notice_check,
    case_register,
    case_require_open,
)
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.uploads import CheckedFile
from magistrat.org.models import Unit
from magistrat.registers.models import InfoRequest, ReleasedDocument


def _manage(request: InfoRequest, by) -> None:
    if by is not None:
        require_may(by, request.case_permissions.manage, request)


def _late(what: str) -> str:
    """Art. 13 ust. 2 and art. 15 ust. 2: a delay or a fee is notified within the 14 days; once they
    have passed, a notice can no longer be recorded."""
    too_late = _("%(what)s must be notified within 14 days of receipt (by %(date)s); that time has passed.")
    return too_late % {"what": what, "date": "%(date)s"}


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
    by=None,
    submission_key: uuid.UUID | None = None,
) -> InfoRequest:
    """Register a request (art. 10: no reason or interest needed); a resent web form returns the
    first registration."""
    if release_form == InfoRequest.ReleaseForm.ELECTRONIC and not requester_email:
        raise ServiceError(
            _("Give an e-mail address to receive the information electronically."), field="requester_email"
        )
    if release_form == InfoRequest.ReleaseForm.PAPER and not requester_address:
        raise ServiceError(_("Give a postal address to receive a paper copy."), field="requester_address")
    request = InfoRequest(
        channel=channel,
        received_at=received_at or timezone.now(),
        requester_name=requester_name,
        requester_email=requester_email,
        requester_address=requester_address,
        subject=subject,
        request_text=request_text,
        release_form=release_form,
        unit=unit,
        submission_key=submission_key,
    )
    return case_register(
        case=request,
        action="registers.inforequest.registered",
        by=by,
        data={"channel": channel, "release_form": release_form},
    )


def info_request_assign(*, request: InfoRequest, unit: Unit, handler=None, by=None) -> InfoRequest:
    return case_assign(
        case=request, action="registers.inforequest.assigned", unit=unit, handler=handler, by=by
    )


def info_request_extend(
    *, request: InfoRequest, extended_to: date, reason: str, notified_at: datetime, by=None
) -> InfoRequest:
    """Art. 13 ust. 2: the requester is told why and by when, at most 2 months from receipt."""
    return case_extend(
        case=request,
        action="registers.inforequest.delay_notified",
        extended_to=extended_to,
        reason=reason,
        notified_at=notified_at,
        too_late=_late(_("A delay")),
        only_before_deadline=True,
        by=by,
    )


@transaction.atomic
def info_request_fee(
    *, request: InfoRequest, amount, reason: str, notified_at: datetime, by=None
) -> InfoRequest:
    """Art. 15: a fee for additional costs, notified within 14 days; release 14 days after the notice."""
    _manage(request, by)
    case_require_open(request)
    if request.fee_notified_at is not None:
        raise ServiceError(_("A fee has already been notified."))
    case_notice_check(request, notified_at, too_late=_late(_("A fee")), only_before_deadline=True)
    if amount is None or amount <= 0:
        raise ServiceError(_("The fee must be more than zero."), field="amount")
    if not reason.strip():
        raise ServiceError(_("Describe the additional costs."), field="reason")
    request.fee_amount, request.fee_reason, request.fee_notified_at = amount, reason.strip(), notified_at
    request.save()
    log_action(
        request,
        "registers.inforequest.fee_notified",
        user=by,
        data={"amount": str(amount), "reason": request.fee_reason, "notified_at": notified_at},
    )
    return request


def info_request_close(
    *,
    request: InfoRequest,
    outcome: str,
    released: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_persons: str = "",
    by=None,
) -> InfoRequest:
    """Release the information, or refuse or discontinue by a decision (art. 16) naming who took
    a position, or answer by letter (not public information, not held); the case is closed."""
    _manage(request, by)
    case_require_open(request)
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
    return case_close(
        case=request,
        action="registers.inforequest.closed",
        outcome=outcome,
        by=by,
        data={"decision_number": decision_number.strip()} if outcome in InfoRequest.DECISIONS else {},
        released=released.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_persons=decision_persons.strip(),
    )


@transaction.atomic
def info_request_delivered(*, request: InfoRequest, delivered_on: date, by=None) -> InfoRequest:
    """Record when the decision was delivered: the 14 days to appeal run from then."""
    _manage(request, by)
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
    log_action(
        request,
        "registers.inforequest.decision_delivered",
        user=by,
        data={
            "decision_number": request.decision_number,
            "delivered_on": delivered_on,
            "appeal_due": request.appeal_due,
        },
    )
    return request


@transaction.atomic
def info_request_document_add(*, request: InfoRequest, file: CheckedFile, by=None) -> ReleasedDocument:
    """Keep a document released to the requester with the case."""
    _manage(request, by)
    document = ReleasedDocument(
        request=request,
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
    )
    clean_or_refuse(document, exclude=("file",))
    document.file.save(file.name, ContentFile(file.data), save=False)
    document.save()
    log_action(
        request,
        "registers.inforequest.document_added",
        user=by,
        data={"document": document.pk, "filename": document.filename, "sha256": document.sha256},
    )
    return document
