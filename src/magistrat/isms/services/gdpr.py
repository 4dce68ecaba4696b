"""Writes to the GDPR records: processing activities and data subject requests."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action, set_related
from magistrat.core.cases.services import (
    case_assign,
    case_close,
    case_extend,
    case_register,
    case_require_open,
)
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.isms.models import Asset, DataSubjectRequest, ProcessingActivity


@transaction.atomic
def activity_save(*, activity: ProcessingActivity, systems: Iterable[Asset] = ()) -> ProcessingActivity:
    required: tuple[str, ...]
    if activity.role == ProcessingActivity.Role.CONTROLLER:
        required = ("purposes", "data_subjects", "data_categories", "recipients", "erasure")
    else:
        required = ("processor", "processing_categories")
    for name in required:
        if not getattr(activity, name).strip():
            raise ServiceError(_("This field is required for this kind of record."), field=name)
    created = activity.pk is None
    clean_or_refuse(activity)
    activity.save()
    set_related(activity, "systems", systems)
    log_action(
        activity,
        "isms.processing.saved",
        data={"name": activity.name, "role": activity.role, "created": created, "active": activity.active},
    )
    return activity


def dsr_register(
    *,
    right: str,
    received_at: datetime,
    requester: str,
    contact: str,
    description: str,
    handler=None,
    activity: ProcessingActivity | None = None,
    by=None,
) -> DataSubjectRequest:
    """Register a request; without a handler it waits for the intake role (org.intake)."""
    request = DataSubjectRequest(
        right=right,
        received_at=received_at,
        requester=requester,
        contact=contact,
        description=description,
        handler=handler,
        activity=activity,
    )
    data = {"right": right, "handler": handler.pk if handler else None}
    return case_register(case=request, action="isms.dsr.registered", by=by, data=data)


def dsr_extend(
    *, request: DataSubjectRequest, extended_to: date, reason: str, notified_at: datetime, by=None
) -> DataSubjectRequest:
    """Art. 12 ust. 3: up to two further months, the person told with reasons within the first month."""
    return case_extend(
        case=request,
        action="isms.dsr.extended",
        extended_to=extended_to,
        reason=reason,
        notified_at=notified_at,
        too_late=_("The person must be told of the extension within a month of receipt (by %(date)s)."),
        by=by,
    )


def dsr_complete(*, request: DataSubjectRequest, outcome: str, reply: str, by=None) -> DataSubjectRequest:
    """Answer the request (art. 12 ust. 3–4): a refusal, even in part, gives the reasons and the
    right to complain to the supervisory authority (UODO) and to a court."""
    if by is not None:
        require_may(by, request.case_permissions.manage, request)
    case_require_open(request)
    if outcome not in DataSubjectRequest.Outcome.values:
        raise ServiceError(_("Choose the outcome."), field="outcome")
    if (
        outcome in (DataSubjectRequest.Outcome.REFUSED, DataSubjectRequest.Outcome.PARTLY)
        and not reply.strip()
    ):
        raise ServiceError(
            _("A refusal states the reasons and the right to complain to UODO."), field="reply"
        )
    return case_close(case=request, action="isms.dsr.completed", outcome=outcome, by=by, reply=reply.strip())


def dsr_assign(*, request: DataSubjectRequest, handler, by=None) -> DataSubjectRequest:
    """Name who handles the request; the reminders to assign it are done."""
    if handler is None:
        raise ServiceError(_("Choose an active person."), field="handler")
    return case_assign(case=request, action="isms.dsr.assigned", handler=handler, by=by)
