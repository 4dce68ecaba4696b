"""The audits module's rules for `core.permissions.may` (registered from `AuditsConfig.ready()`).

- `audits.manage_audits` (office-wide: the quality manager) plans and manages everything.
- `audits.conduct_audits` (the internal auditor role) acts only on the audits they are assigned to
  (lead or team member), never others.
- `audits.view_audits` (unit-scoped): an audit and its findings belong to every audited unit, so a
  unit head reads the audits of their units; the audit's own team and the managers read it too.
Acknowledging findings is for the head of the audited unit (`may_acknowledge`).
"""

from magistrat.audits.independence import headed_subtree
from magistrat.audits.models import Acknowledgement, Audit, ChecklistItem, Finding
from magistrat.core.permissions import has_perm, rule


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def audit_of(obj) -> Audit | None:
    if isinstance(obj, Audit):
        return obj
    if isinstance(obj, ChecklistItem | Finding | Acknowledgement):
        return obj.audit
    return None


@rule("audits.conduct_audits")
def assigned_auditors_conduct(user, obj) -> bool | None:
    audit = audit_of(obj)
    if audit is None:
        return None
    return _signed_in(user) and has_perm(user, "audits.conduct_audits") and user.pk in audit.auditor_ids()


@rule("audits.view_audits")
def audited_units_and_team_read(user, obj) -> bool | None:
    audit = audit_of(obj)
    if audit is None:
        return None
    if not _signed_in(user):
        return False
    if has_perm(user, "audits.manage_audits") or user.pk in audit.auditor_ids():
        return True
    return has_perm(user, "audits.view_audits", audit.unit_ids())


def may_acknowledge(user, audit: Audit, unit) -> bool:
    """The head of the audited unit (or of a unit above it) acknowledges its findings."""
    return _signed_in(user) and unit.pk in audit.unit_ids() and unit.pk in headed_subtree(user)
