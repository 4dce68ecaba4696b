"""Writes of objectives (ISO 9001 6.2): set and change, each a named audit event. Only the quality
manager (`performance.manage_performance`) defines the office's objectives and their cascade."""

from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.text import has_control_characters
from magistrat.performance.models import Objective

MANAGE = "performance.manage_performance"
FIELDS = ("title", "description", "level", "unit", "parent", "owner", "year_from", "year_to", "review_on")


def check_text(**texts: str) -> None:
    """Typed text holds no control characters, whichever way it came (page, API, command)."""
    for name, text in texts.items():
        if has_control_characters(text):
            raise ServiceError(_("The text contains characters that are not allowed."), field=name)


def _refuse_bad(objective: Objective) -> None:
    if objective.level == Objective.Level.UNIT and objective.unit_id is None:
        raise ServiceError(_("Choose the unit of a unit objective."), field="unit")
    if objective.level == Objective.Level.OFFICE and (objective.unit_id or objective.parent_id):
        raise ServiceError(_("An office objective has no unit and serves no other objective."), field="unit")
    if not getattr(objective.owner, "is_active", False):
        raise ServiceError(_("The owner must be an active user."), field="owner")
    clean_or_refuse(objective)


def _data(objective: Objective) -> dict:
    return {
        "title": objective.title,
        "level": objective.get_level_display(),
        "unit": str(objective.unit) if objective.unit_id else "",
        "parent": str(objective.parent) if objective.parent_id else "",
        "owner": objective.owner.get_username(),
        "years": f"{objective.year_from}–{objective.year_to}",
        "state": objective.get_state_display(),
    }


@transaction.atomic
def objective_create(
    *, by, title: str, level: str, owner, year_from: int, year_to: int, **extra
) -> Objective:
    unknown = set(extra) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    extra.setdefault("description", "")
    check_text(title=title, description=extra["description"])
    objective = Objective(
        title=title.strip(),
        level=level,
        owner=owner,
        year_from=year_from,
        year_to=year_to,
        **{**extra, "description": extra["description"].strip()},
    )
    require_may(by, MANAGE, objective)
    _refuse_bad(objective)
    objective.save()
    log_action(objective, "performance.objective.created", user=by, data=_data(objective))
    return objective


@transaction.atomic
def objective_edit(*, objective: Objective, by, **changes) -> Objective:
    """Change an objective's fields (and its state: achieved, dropped, active again)."""
    require_may(by, MANAGE, objective)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    allowed = (*FIELDS, "state")
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    check_text(**{k: v for k, v in changes.items() if k in ("title", "description")})
    if "state" in changes and changes["state"] not in Objective.State.values:
        raise ServiceError(_("Choose a state from the list."), field="state")
    before = _data(objective)
    for name, value in changes.items():
        setattr(objective, name, value.strip() if isinstance(value, str) and name != "state" else value)
    _refuse_bad(objective)
    objective.save()
    after = _data(objective)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    log_action(objective, "performance.objective.changed", user=by, data=changed)
    return objective
