"""Writes to the one action register: plan, mark done, cancel (each a named audit event).

Whatever the origin (a nonconformity now; risk treatment, management review, audits later), an
action is planned with `action_create` and finished with `action_done` or `action_cancel`; the
origin hears about it through `on_finished` (a nonconformity schedules its effectiveness check).
"""

from collections.abc import Callable
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.deadlines import next_working_day
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, require_may
from magistrat.quality.models import Action

MANAGE = "quality.manage_quality"


def _origin_fields(origin) -> dict:
    if origin is None:
        return {"origin_type": None, "origin_id": None, "origin_label": ""}
    return {
        "origin_type": ContentType.objects.get_for_model(origin),
        "origin_id": origin.pk,
        "origin_label": str(origin)[:300],
    }


@transaction.atomic
def action_create(
    *,
    by,
    title: str,
    owner,
    unit,
    due_on: date,
    description: str = "",
    origin=None,
    today: date | None = None,
) -> Action:
    """Plan an action. Its deadline is a working day: one falling on a free day moves to the next
    working day, as the deadline engine counts every period (KPA art. 57 § 4)."""
    today = today or timezone.localdate()
    if due_on < today:
        raise ServiceError(_("The deadline cannot be in the past."), field="due_on")
    if not getattr(owner, "is_active", False):
        raise ServiceError(_("The owner must be an active user."), field="owner")
    action = Action(
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        unit=unit,
        due_on=next_working_day(due_on),
        created_by=by,
        **_origin_fields(origin),
    )
    require_may(by, MANAGE, action)
    if not has_perm(by, MANAGE):  # owners act on their own actions; only managers plan them
        raise PermissionDenied
    clean_or_refuse(action)
    action.save()
    log_action(
        action,
        "quality.action.created",
        user=by,
        data={
            "owner": owner.get_username(),
            "due_on": action.due_on.isoformat(),
            "origin": action.origin_label,
        },
    )
    if owner != by:
        _tell_owner(action)
    return action


def _tell_owner(action: Action) -> None:
    """The owner learns of the action at once; the daily reminder follows as the deadline nears."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import override

    from magistrat.core.tasks import notify

    with override(settings.LANGUAGE_CODE):
        notify(
            user=action.owner,
            title=_("New action for you: %(title)s") % {"title": action.title[:200]},
            body=_("Deadline: %(date)s.") % {"date": date_format(action.due_on, "SHORT_DATE_FORMAT")},
            url=reverse("quality:action_detail", args=[action.pk]),
            key=f"quality-action-planned:{action.pk}",
        )


@transaction.atomic
def action_done(*, action: Action, by, note: str = "", now: datetime | None = None) -> Action:
    """The owner (or the quality manager) records the action as done, with what was done."""
    require_may(by, MANAGE, action)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.state != Action.State.OPEN:
        raise ServiceError(_("Only an open action can be marked done."))
    now = now or timezone.now()
    action.state, action.done_at, action.done_by, action.done_note = Action.State.DONE, now, by, note.strip()
    action.save()
    status = action.status(now)
    log_action(
        action,
        "quality.action.done",
        user=by,
        data={"late": status is not None and status.value == "done_late", "note": action.done_note},
    )
    _finished(action, by=by, now=now)
    return action


@transaction.atomic
def action_cancel(*, action: Action, by, reason: str, now: datetime | None = None) -> Action:
    """Only the quality manager cancels an action (an owner cannot drop their own), with the reason."""
    if not has_perm(by, MANAGE):
        raise PermissionDenied
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.state != Action.State.OPEN:
        raise ServiceError(_("Only an open action can be cancelled."))
    if not reason.strip():
        raise ServiceError(_("Say why the action is cancelled."), field="reason")
    action.state, action.cancel_reason = Action.State.CANCELLED, reason.strip()
    action.save()
    log_action(action, "quality.action.cancelled", user=by, data={"reason": action.cancel_reason})
    _finished(action, by=by, now=now or timezone.now())
    return action


def actions_verify(*, actions, by) -> int:
    """Done actions whose effectiveness was confirmed become verified (called by the origin's
    service, inside its transaction)."""
    count = 0
    for action in actions.filter(state=Action.State.DONE):
        action.state = Action.State.VERIFIED
        action.save()
        log_action(action, "quality.action.verified", user=by)
        count += 1
    return count


# An origin's reaction when one of its actions is finished, by the origin's model label
# ("quality.nonconformity"), registered by the origin's service module (risk treatment and the
# management review will register theirs): the register knows no origin.
OnFinished = Callable[..., object]
_on_finished: dict[str, OnFinished] = {}


def on_finished(model_label: str) -> Callable[[OnFinished], OnFinished]:
    def decorator(func: OnFinished) -> OnFinished:
        _on_finished[model_label] = func
        return func

    return decorator


def _finished(action: Action, *, by, now: datetime) -> None:
    """Tell the origin that one of its actions is finished."""
    if action.origin_type is None:
        return
    react = _on_finished.get(f"{action.origin_type.app_label}.{action.origin_type.model}")
    if react is not None:
        react(origin=action.origin_type.get_object_for_this_type(pk=action.origin_id), by=by, now=now)
