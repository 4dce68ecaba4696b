"""The information security module's rule for `core.permissions.may` (registered from
`IsmsConfig.ready()`).

The ISMS registers are office-wide: `isms.manage_isms` is not unit-scoped. Besides its holders
(the information security officer), the named owner of an asset, a risk, a treatment task, an
applied control or an incident action acts on what is theirs without the role: confirms the
asset's review, keeps the control's evidence and records its checks, completes the task or the
action. ISO/IEC 27001:2022 gives owners that accountability (clause 6.1.2 c: risk owners;
Annex A 5.9: owners of information and other associated assets).

Views ask `may(user, "isms.manage_isms", obj)`; the services that change those objects ask
`require_may`. Seeing them is the selectors' concern (`selectors.visible`: the register's
viewers, or the owner).
"""

from magistrat.core.permissions import has_perm, rule
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    ControlCheck,
    Evidence,
    IncidentEntry,
    RiskScenario,
    TreatmentTask,
)

OWNED = (Asset, RiskScenario, TreatmentTask, AppliedControl, IncidentEntry)
OF_A_CONTROL = (Evidence, ControlCheck)  # belong to their control's owner


@rule("isms.manage_isms")
def owners_act_on_theirs(user, obj) -> bool | None:
    """Holders of the permission act on every owned record; anyone else on the records they own."""
    if isinstance(obj, OF_A_CONTROL):
        obj = obj.control
    if not isinstance(obj, OWNED):
        return None  # the unit rule decides (the registers are office-wide)
    if has_perm(user, "isms.manage_isms"):
        return True
    return bool(getattr(user, "is_authenticated", False) and obj.owner_id == user.pk)
