"""Who may do what to a case of the registers: the registers' rules for `core.permissions.may`,
registered when this module is imported (RegistersConfig.ready).

Each case type names its permissions (`case_permissions` on the model: view, manage, assign). The
unit rule of `may` answers most questions: a case belongs to its unit, and a case without a unit to
those who hold the permission office-wide. The registers add two things:

- **Intake.** A case nobody has assigned yet belongs also to whoever receives the register's new
  cases (`org.intake`, configured by the office): they see it, to open and assign it.
- **Assigning.** Assigning routes a registered case, so the register's `register_*` permission is
  the one asked: the registry that registers the cases may route any of them; besides, whoever
  may manage the case (`manage_*` for its unit) and, while it has no unit, the register's intake
  may assign it. The same question is asked for every register, by the page (the form is shown),
  the post and the service (`core.cases.services.case_assign`).
"""

from magistrat.core.cases.models import Case
from magistrat.core.permissions import has_perm, may, rule
from magistrat.org.intake import receives
from magistrat.registers.models import Complaint, InfoRequest, Petition

CASES = (Complaint, InfoRequest, Petition)


def _waiting_for(user, case: Case) -> bool:
    return case.unit_id is None and receives(user, case.intake_register)


@rule("registers.view_complaints")
@rule("registers.view_requests")
def intake_sees_unassigned(user, case) -> bool | None:
    """The register's intake sees the cases not assigned to a unit yet (the unit rule decides the rest)."""
    if isinstance(case, CASES) and _waiting_for(user, case):
        return True
    return None


@rule("registers.register_complaints")
@rule("registers.register_requests")
def assign(user, case) -> bool | None:
    """May the user assign (route) the case: see the module's docstring."""
    if not isinstance(case, CASES):
        return None
    permissions = case.case_permissions
    return (
        has_perm(user, permissions.assign) or may(user, permissions.manage, case) or _waiting_for(user, case)
    )
