"""Intake: every new case reaches whoever must assign it, until it is assigned.

A case filed on the public website, registered at the desk or entered by staff without a unit
belongs to nobody yet. Each register (complaints and motions, requests for public information,
petitions, data subject requests) declares itself here from its AppConfig.ready(): how to find
its cases waiting to be assigned and how to show one. The office decides per register which role
receives them (`IntakeRoute`, edited on /org/intake/; the defaults are in `org/data/intake.yaml`),
optionally only the holders whose grant covers one unit. Receivers see the waiting cases on their
home page and in the daily reminder, may open them and assign them; once assigned, a case goes to
its unit's handlers like any other. When nobody holds the role, the administrators receive the
cases, so that nothing a resident sends is left unseen.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from magistrat.core.attention import AttentionItem
from magistrat.core.deadlines import Status
from magistrat.core.permissions import roles, user_grants
from magistrat.core.reference import load_yaml


@dataclass(frozen=True)
class Waiting:
    """One case waiting to be assigned, as the home page shows it."""

    title: str
    url: str
    due: datetime | None = None
    status: Status | None = None


@dataclass(frozen=True)
class IntakeRegister:
    code: str
    label: object  # a lazy translation
    view_perm: str  # the intake role must hold it to open the register at all…
    manage_perm: str  # …and this one, to act on cases (read-only roles such as auditors cannot)
    waiting: Callable[[], QuerySet]  # open cases not assigned yet, oldest first
    describe: Callable[[Any], Waiting]
    list_url: Callable[[], str]  # the register's list of the cases waiting to be assigned


_registers: dict[str, IntakeRegister] = {}


def register(entry: IntakeRegister) -> IntakeRegister:
    """Declare a register (from its app's AppConfig.ready())."""
    _registers[entry.code] = entry
    return entry


def registers() -> list[IntakeRegister]:
    order = list(default_roles())
    return sorted(_registers.values(), key=lambda r: (order.index(r.code) if r.code in order else 99, r.code))


def get_register(code: str) -> IntakeRegister:
    return _registers[code]


@cache
def default_roles() -> dict[str, str]:
    return dict(load_yaml("org", "intake.yaml")["registers"])


@dataclass(frozen=True)
class Route:
    register: str
    role: str
    unit: object = None  # org.Unit or None
    covering: frozenset[int] | None = None  # unit ids whose grant covers `unit` (it and its ancestors)
    configured: bool = False  # False: the default from intake.yaml

    @property
    def role_name(self) -> str:
        role = roles().get(self.role)
        return role.name if role else self.role

    def covers(self, grant_unit_id: int | None) -> bool:
        """Whether a grant of the role (office-wide or for a unit) makes its holder a receiver."""
        if grant_unit_id is None:
            return True
        return self.covering is not None and grant_unit_id in self.covering


def routes() -> dict[str, Route]:
    """The intake of every declared register: the office's configuration, else the default."""
    from magistrat.org.models import IntakeRoute, Unit

    rows = {r.register: r for r in IntakeRoute.objects.select_related("unit")}
    parents: dict[int, int | None] | None = None
    result = {}
    for entry in registers():
        row = rows.get(entry.code)
        if row is None:
            result[entry.code] = Route(entry.code, default_roles().get(entry.code, "administrator"))
            continue
        covering = None
        if row.unit_id is not None:
            if parents is None:
                parents = dict(Unit.objects.values_list("id", "parent_id"))
            chain: set[int] = set()
            node: int | None = row.unit_id
            while node is not None and node not in chain:
                chain.add(node)
                node = parents.get(node)
            covering = frozenset(chain)
        result[entry.code] = Route(entry.code, row.role, row.unit, covering, configured=True)
    return result


def _holders(route: Route) -> Q:
    grants = Q(role_assignments__role=route.role) & (
        Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit_id__in=list(route.covering or ()))
    )
    return grants | (Q(is_superuser=True) if route.role == "administrator" else Q(pk__in=[]))


def holders(code: str, *, current: dict[str, Route] | None = None) -> QuerySet:
    """The active users who hold the register's intake role (with a grant that covers its unit)."""
    route = (current or routes())[code]
    return get_user_model().objects.filter(is_active=True).filter(_holders(route)).distinct()


def receivers(code: str, *, current: dict[str, Route] | None = None) -> QuerySet:
    """The active users who receive the register's new cases (administrators when nobody holds the role)."""
    found = holders(code, current=current)
    if found.exists():
        return found
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(role_assignments__role="administrator", role_assignments__unit__isnull=True)
        )
        .distinct()
    )


def allowed_roles(entry: IntakeRegister) -> list[tuple[str, str]]:
    """Roles that may receive a register's intake: they open its cases and act on them."""
    return [
        (code, role.name)
        for code, role in roles().items()
        if role.grants(entry.view_perm) and role.grants(entry.manage_perm)
    ]


def receives(user, code: str, *, current: dict[str, Route] | None = None) -> bool:
    """Whether the user receives (sees, opens and assigns) the register's cases waiting to be assigned."""
    if not getattr(user, "is_authenticated", False) or code not in _registers:
        return False
    route = (current or routes())[code]
    grants = user_grants(user)
    if any(role.code == route.role and route.covers(unit_id) for role, unit_id in grants):
        return True
    administrator = any(role.code == "administrator" and unit_id is None for role, unit_id in grants)
    if administrator:
        return not holders(code, current=current).exists()
    return False


def intake_attention(user) -> list[AttentionItem]:
    """Cases waiting to be assigned, for those who receive them: on the home page and, every day
    until assigned, in the reminder (kind "assign")."""
    if not getattr(user, "is_authenticated", False):
        return []
    current = routes()
    items = []
    for entry in registers():
        if not receives(user, entry.code, current=current):
            continue
        for case in entry.waiting()[:50]:
            shown = entry.describe(case)
            items.append(
                AttentionItem(
                    title=_("Assign %(case)s") % {"case": shown.title},
                    url=shown.url,
                    module=str(entry.label),
                    kind="assign",
                    due=shown.due,
                    status=shown.status,
                    detail=_("New case waiting to be assigned to a unit or person."),
                )
            )
    return items
