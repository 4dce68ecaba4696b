"""The office's competence framework: the shipped default, competences and their scales, and the
levels positions require (from their job descriptions). HR manages it (`competence.manage_competence`)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence.models import Competence, PositionRequirement
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.reference import load_yaml
from magistrat.org.models import Position

MANAGE = "competence.manage_competence"


def default_framework() -> dict:
    """The shipped default framework (competence/data/competence_framework.yaml)."""
    return load_yaml("competence", "competence_framework.yaml")


@transaction.atomic
def framework_load_default(*, using: str = "default") -> int:
    """The default competences on a fresh install (after every migrate, when the office has none)."""
    if Competence.objects.using(using).exists():
        return 0
    data = default_framework()
    competences = [
        Competence(
            code=item["code"],
            name=item["name"],
            group=item["group"],
            description=item.get("description", ""),
            levels=data["scales"][item["scale"]],
        )
        for item in data["competences"]
    ]
    for competence in competences:
        competence.save(using=using)
    return len(competences)


def _check_levels(levels: list[dict]) -> list[dict]:
    values = [int(level["value"]) for level in levels]
    if not values or len(set(values)) != len(values) or min(values) < 1 or max(values) > 9:
        raise ServiceError(_("Give the levels 1 to 9, each once, with a label."), field="levels")
    if any(not str(level.get("label", "")).strip() for level in levels):
        raise ServiceError(_("Give the levels 1 to 9, each once, with a label."), field="levels")
    return sorted(
        (
            {"value": int(x["value"]), "label": x["label"], "description": x.get("description", "")}
            for x in levels
        ),
        key=lambda x: x["value"],
    )


@transaction.atomic
def competence_create(
    *, user, code: str, name: str, group: str, levels: list[dict], description: str = ""
) -> Competence:
    require_may(user, MANAGE)
    if group not in Competence.Group.values:
        raise ServiceError(_("Choose a group."), field="group")
    if Competence.objects.filter(code=code).exists():
        raise ServiceError(_("A competence with this code already exists."), field="code")
    competence = Competence(
        code=code, name=name, group=group, description=description, levels=_check_levels(levels)
    )
    clean_or_refuse(competence)
    competence.save()
    log_action(
        competence,
        "competence.competence.created",
        user=user,
        data={"competence": name, "group": group, "levels": len(competence.levels)},
    )
    return competence


@transaction.atomic
def competence_update(
    *,
    user,
    competence: Competence,
    name: str,
    group: str,
    levels: list[dict],
    description: str,
    is_active: bool,
) -> Competence:
    """Name, group, description and scale; a scale cannot drop a level already required or held."""
    require_may(user, MANAGE, competence)
    if group not in Competence.Group.values:
        raise ServiceError(_("Choose a group."), field="group")
    levels = _check_levels(levels)
    top = max(x["value"] for x in levels)
    used = max(
        [r.level for r in competence.requirements.current()]
        + [r.level for r in competence.records.all()[:10000]],
        default=0,
    )
    if used > top:
        raise ServiceError(
            _("Level %(level)d is required or held: the scale cannot end below it.") % {"level": used},
            field="levels",
        )
    competence.name, competence.group, competence.description = name, group, description
    competence.levels, competence.is_active = levels, is_active
    clean_or_refuse(competence)
    competence.save()
    log_action(
        competence,
        "competence.competence.changed",
        user=user,
        data={"competence": name, "group": group, "levels": len(levels), "in_use": is_active},
    )
    return competence


@transaction.atomic
def requirement_set(
    *, user, position: Position, competence: Competence, level: int, basis: str = "", on: date | None = None
) -> PositionRequirement | None:
    """The level `position` requires of `competence` from `on` (0: no longer required). The level
    required until then stays in the history, valid until the day before."""
    on = on or timezone.localdate()
    require_may(user, MANAGE, competence)
    if not 0 <= level <= competence.top_level:
        raise ServiceError(_("The level is not on the competence's scale."), field="level")
    if level and not competence.is_active:
        raise ServiceError(_("This competence is no longer in use."), field="competence")
    current = (
        PositionRequirement.objects.select_for_update()
        .filter(position=position, competence=competence)
        .current()
        .first()
    )
    if current is not None:
        if current.level == level:
            return current
        if on < current.valid_from:
            raise ServiceError(
                _("A change cannot take effect before the level now required (from %(date)s).")
                % {"date": current.valid_from.isoformat()},
                field="on",
            )
        # Changed on the day it was set, the earlier entry never took effect (valid until the day before).
        current.valid_until = on - timedelta(days=1)
        current.save()
    elif not level:
        return None
    created = None
    if level:
        created = PositionRequirement.objects.create(
            position=position, competence=competence, level=level, valid_from=on, basis=basis, set_by=user
        )
    log_action(
        created or current,
        "competence.requirement.set",
        user=user,
        data={
            "position": position.name,
            "competence": competence.name,
            "level": level,
            "previous_level": current.level if current else 0,
            "valid_from": on.isoformat(),
        },
    )
    return created
