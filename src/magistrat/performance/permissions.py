"""The performance module's rules for `core.permissions.may` (registered from `PerformanceConfig.ready()`).

- `performance.manage_performance` (office-wide: the quality manager) defines objectives and KPIs and
  acts on every KPI. Besides them, a KPI's owner records its values, its changes of method and
  comments on them: ISO 9001 5.3 makes the responsibility for a measure personal.
- `performance.view_performance` (scoped: unit heads for their units, leadership office-wide) reads
  the objectives and KPIs of their units; owners read their own.
"""

from magistrat.core.permissions import has_perm, rule
from magistrat.performance.models import Kpi, KpiValue, MethodChange, Objective, ValueComment

MANAGE, VIEW = "performance.manage_performance", "performance.view_performance"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def kpi_of(obj) -> Kpi | None:
    if isinstance(obj, Kpi):
        return obj
    if isinstance(obj, KpiValue | MethodChange):
        return obj.kpi
    if isinstance(obj, ValueComment):
        return obj.value.kpi
    return None


@rule(MANAGE)
def owners_act_on_their_kpis(user, obj) -> bool | None:
    kpi = kpi_of(obj)
    if kpi is not None:
        return has_perm(user, MANAGE) or (_signed_in(user) and kpi.owner_id == user.pk)
    if isinstance(obj, Objective):
        return has_perm(user, MANAGE)
    return None


@rule(VIEW)
def owners_read_theirs(user, obj) -> bool | None:
    if not _signed_in(user):
        return None
    if has_perm(user, MANAGE) and isinstance(obj, Objective | Kpi | KpiValue | MethodChange | ValueComment):
        return True
    kpi = kpi_of(obj)
    if kpi is not None and kpi.owner_id == user.pk:
        return True
    if isinstance(obj, Objective) and obj.owner_id == user.pk:
        return True
    return None  # the unit rule decides
