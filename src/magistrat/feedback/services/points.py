"""Service points (where residents rate) and each unit's target share of satisfied residents."""

from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.feedback.models import SatisfactionTarget, ServicePoint
from magistrat.org.models import Unit


@transaction.atomic
def point_save(*, point: ServicePoint, user) -> ServicePoint:
    """Register a service point or change it; closing one (not active) stops its ratings."""
    require_may(user, "feedback.manage_points", point)
    registering = point.pk is None
    changed = sorted(point.audit_changes())
    point.full_clean()
    point.save()
    data = {"point": point.code, "unit": point.unit.code, "fields": [] if registering else changed}
    if registering:
        log_action(point, "feedback.servicepoint.registered", user=user, data=data)
    elif "is_active" in changed and not point.is_active:
        log_action(point, "feedback.servicepoint.closed", user=user, data=data)
    elif "is_active" in changed:
        log_action(point, "feedback.servicepoint.reopened", user=user, data=data)
    elif changed:
        log_action(point, "feedback.servicepoint.changed", user=user, data=data)
    return point


@transaction.atomic
def target_set(*, unit: Unit, target_percent: int, user) -> SatisfactionTarget:
    """Set the unit's target; the targets page, the home page and the daily alert read it."""
    require_may(user, "feedback.manage_points", unit)
    if not 0 <= target_percent <= 100:
        raise ServiceError(_("A target is a percentage from 0 to 100."), field="target_percent")
    target = SatisfactionTarget.objects.filter(unit=unit).first() or SatisfactionTarget(unit=unit)
    before = target.target_percent if target.pk else None
    target.target_percent = target_percent
    target.save()
    log_action(
        target,
        "feedback.target.set",
        user=user,
        data={"unit": unit.code, "target_percent": target_percent, "before": before},
    )
    return target
