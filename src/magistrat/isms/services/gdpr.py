"""Writes to the GDPR records: processing activities and data subject requests."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action, set_related
from magistrat.core.deadlines import due_date, legal_period, local_date
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import case_number
from magistrat.core.services import extension_check, notifications_resolve
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
    clean_or_refuse(activity)
    activity.save()
    set_related(activity, "systems", systems)
    return activity


@transaction.atomic
def dsr_register(
    *,
    right: str,
    received_at: datetime,
    requester: str,
    contact: str,
    description: str,
    handler=None,
    activity: ProcessingActivity | None = None,
) -> DataSubjectRequest:
    """Register a request; without a handler it waits for the intake role (org.intake)."""
    if received_at > timezone.now():
        raise ServiceError(_("The date of receipt cannot be in the future."), field="received_at")
    request = DataSubjectRequest(
        number=case_number("isms-dsr", "RODO", received_at),
        right=right,
        received_at=received_at,
        requester=requester,
        contact=contact,
        description=description,
        handler=handler,
        activity=activity,
    )
    clean_or_refuse(request, exclude=("number",))
    request.save()
    return request


@transaction.atomic
def dsr_extend(
    *, request: DataSubjectRequest, extended_to: date, reason: str, notified_at: datetime
) -> DataSubjectRequest:
    """Art. 12 ust. 3: up to two further months, the person told with reasons within the first month."""
    if request.completed_at is not None:
        raise ServiceError(_("The request is completed."))
    if request.extended_to is not None:
        raise ServiceError(_("The deadline has already been extended."))
    first_month = request.clock.due
    if notified_at > timezone.now() or notified_at < request.received_at:
        raise ServiceError(
            _("The person must be told after receipt and not in the future."), field="notified_at"
        )
    if notified_at > first_month:
        raise ServiceError(
            _("The person must be told of the extension within a month of receipt (by %(date)s).")
            % {"date": local_date(first_month).isoformat()},
            field="notified_at",
        )
    reason = extension_check(
        first_due=local_date(first_month),
        new_due=extended_to,
        latest=due_date(request.received_at, legal_period("dsr_extension")),
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
def dsr_complete(*, request: DataSubjectRequest, outcome: str, reply: str) -> DataSubjectRequest:
    if request.completed_at is not None:
        raise ServiceError(_("The request is already completed."))
    if outcome not in DataSubjectRequest.Outcome.values:
        raise ServiceError(_("Choose the outcome."), field="outcome")
    if (
        outcome in (DataSubjectRequest.Outcome.REFUSED, DataSubjectRequest.Outcome.PARTLY)
        and not reply.strip()
    ):
        raise ServiceError(
            _("A refusal states the reasons and the right to complain to UODO."), field="reply"
        )
    request.outcome, request.reply, request.completed_at = outcome, reply.strip(), timezone.now()
    request.save()
    notifications_resolve(url=reverse("isms:dsr_detail", args=[request.pk]))
    return request


@transaction.atomic
def dsr_assign(*, request: DataSubjectRequest, handler) -> DataSubjectRequest:
    """Name who handles the request; the reminders to assign it are done."""
    if request.completed_at is not None:
        raise ServiceError(_("The request is already completed."))
    if handler is None or not handler.is_active:
        raise ServiceError(_("Choose an active person."), field="handler")
    request.handler = handler
    request.save()
    log_action(request, "isms.dsr.assigned", data={"handler": handler.pk})
    notifications_resolve(url=reverse("isms:dsr_detail", args=[request.pk]))
    return request
