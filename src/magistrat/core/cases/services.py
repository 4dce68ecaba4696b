"""The writes every case register shares: register, assign, extend, close.

Each is a service in the house style (keyword-only, atomic, one named audit event), parameterised
by the concrete model: its register's numbering, its permissions, its legal periods
(core/data/legal_periods.yaml through core.deadlines). A register's own services (complaints,
requests for public information, petitions, data subject requests) check what their law adds and
call these with the event's name (`action="registers.complaint.closed"`: a literal, so that a test
finds every name the code writes and its label).

`by` is the person acting: the service asks `core.permissions.may` for them (the same rule the
pages and the API ask) and names them in the record and the trail. Without `by` the office acts
itself (the demo, a data load): nothing is asked and the trail names the audit context's user.
"""

from datetime import date, datetime
from typing import TypeVar, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.cases.models import Case, ExtendedOnce
from magistrat.core.deadlines import due_date, legal_period, local_date
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import case_number
from magistrat.core.permissions import require_may
from magistrat.core.services import extension_check, notifications_resolve

AnyCase = TypeVar("AnyCase", bound=Case)
Extendable = TypeVar("Extendable", bound=ExtendedOnce)


def _check(by, permission: str, case: Case) -> None:
    if by is not None:
        require_may(by, permission, case)


def case_require_open(case: Case) -> None:
    if case.closed_at is not None:
        raise ServiceError(_("The case is closed."))


def _has_units(case: Case) -> bool:
    return any(field.name == "unit" for field in case._meta.concrete_fields)


def _unit_code(case: Case) -> str | None:
    unit = getattr(case, "unit", None)
    return unit.code if unit is not None else None


@transaction.atomic
def case_register[AnyCase: Case](*, case: AnyCase, action: str, by=None, data: dict | None = None) -> AnyCase:
    """Store a new case with the next number of its register and year; a web form sent twice (the
    same submission key) returns the case the first one made."""
    key = getattr(case, "submission_key", None)
    if key is not None:
        existing = type(case)._default_manager.filter(**{"submission_key": key}).first()
        if existing is not None:
            return cast(AnyCase, existing)
    if case.received_at > timezone.now():
        raise ServiceError(_("The date of receipt cannot be in the future."), field="received_at")
    if by is not None and case.registered_by_id is None:
        case.registered_by = by
    clean_or_refuse(case, exclude=("number",))
    case.number = case_number(case.number_register, case.received_at)
    case.save()
    log_action(case, action, user=by, data={"number": case.number, "unit": _unit_code(case)} | (data or {}))
    return case


@transaction.atomic
def case_assign[AnyCase: Case](*, case: AnyCase, action: str, unit=None, handler=None, by=None) -> AnyCase:
    """Give the case to a unit (where its register has units) and, optionally, a person: it leaves
    the register's intake, and the reminders to assign it are done."""
    _check(by, case.case_permissions.assign, case)
    case_require_open(case)
    has_units = _has_units(case)
    if has_units and unit is None:
        raise ServiceError(_("Choose the unit."), field="unit")
    if handler is not None and not handler.is_active:
        raise ServiceError(_("Choose an active person."), field="handler")
    if handler is not None and not case.accepts_handler(handler, unit):
        raise ServiceError(_("The person handling the case must belong to the chosen unit."), field="handler")
    before = {"unit": _unit_code(case), "handler": case.handler_id}
    if has_units:
        case.unit = unit
    case.handler = handler
    case.save()
    data = {"unit": _unit_code(case), "handler": handler.pk if handler else None, "before": before}
    log_action(case, action, user=by, data=data)
    notifications_resolve(url=case.get_absolute_url())
    return case


def case_notice_check(
    case: Case, notified_at: datetime, *, too_late: str, only_before_deadline: bool
) -> None:
    """A notice to the person (of a delay, a fee, an extension) is dated after receipt, not in the
    future, and by the first deadline; `too_late` is the refusal (with %(date)s). With
    `only_before_deadline` it cannot even be recorded once that deadline has passed."""
    first_due = case.first_due
    if notified_at > first_due or (only_before_deadline and timezone.now() > first_due):
        raise ServiceError(too_late % {"date": local_date(first_due).isoformat()}, field="notified_at")
    if notified_at < case.received_at or notified_at > timezone.now():
        raise ServiceError(
            _("The notice date must be after receipt and not in the future."), field="notified_at"
        )


@transaction.atomic
def case_extend[Extendable: ExtendedOnce](
    *,
    case: Extendable,
    action: str,
    extended_to: date,
    reason: str,
    notified_at: datetime | None = None,
    too_late: str = "",
    only_before_deadline: bool = False,
    by=None,
) -> Extendable:
    """Move the deadline, once: after the first deadline, no later than the law allows (the model's
    `extension_limit` from receipt), with the reasons told to the person. Where the law wants the
    person told within the first deadline, `notified_at` is checked (`case_notice_check` with
    `too_late` and `only_before_deadline`)."""
    assert isinstance(case, Case)  # an ExtendedOnce is always a Case
    _check(by, case.case_permissions.manage, case)
    case_require_open(case)
    if case.extended_to is not None:
        raise ServiceError(_("The deadline has already been extended."))
    if notified_at is not None and too_late:
        case_notice_check(case, notified_at, too_late=too_late, only_before_deadline=only_before_deadline)
    reason = extension_check(
        first_due=local_date(case.first_due),
        new_due=extended_to,
        latest=due_date(case.received_at, legal_period(case.extension_limit)),
        reason=reason,
    )
    case.extended_to, case.extension_reason = extended_to, reason
    if notified_at is not None:
        case.extension_notified_at = notified_at
    case.save()
    data = {"extended_to": extended_to, "reason": reason, "notified_at": notified_at}
    log_action(case, action, user=by, data={k: v for k, v in data.items() if v is not None})
    return case


@transaction.atomic
def case_close[AnyCase: Case](
    *, case: AnyCase, action: str, outcome: str, by=None, data: dict | None = None, **fields: object
) -> AnyCase:
    """Close the case with its outcome (and the fields the register records with it, e.g. the
    reply): it leaves the open lists, and its reminders (overdue, due soon, to assign) are done."""
    _check(by, case.case_permissions.manage, case)
    case_require_open(case)
    if outcome not in type(case).Outcome.values:  # type: ignore[attr-defined]
        raise ServiceError(_("Choose the outcome."), field="outcome")
    for name, value in fields.items():
        setattr(case, name, value)
    case.outcome, case.closed_at = outcome, timezone.now()
    if by is not None:
        case.closed_by = by
    clean_or_refuse(case)
    case.save()
    log_action(
        case, action, user=by, data={"outcome": outcome, "on_time": case.clock.status()} | (data or {})
    )
    notifications_resolve(url=case.get_absolute_url())
    return case
