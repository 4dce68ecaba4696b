"""The one permission layer of Magistrat.

"May this user do X (to something in unit U)?" is answered here and nowhere else. Roles are
named permission sets loaded from `core/data/roles.yaml`; a role is granted to a user either
office-wide or for one organisational unit, which then covers that unit's whole subtree.

Views use `permission_required`; selectors narrow querysets with `unit_scope`; API endpoints
call `require`. A user without the permission gets 403; an object outside their scope is not
found (404), so its existence does not leak.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language

from magistrat.core.reference import load_yaml


@dataclass(frozen=True)
class Role:
    code: str
    names: dict[str, str]
    permissions: tuple[str, ...]
    requires_2fa: bool = False

    @property
    def name(self) -> str:
        return self.names.get((get_language() or "pl")[:2], self.names["en"])

    def grants(self, perm: str) -> bool:
        return any(fnmatchcase(perm, pattern) for pattern in self.permissions)


@cache
def _catalogue() -> dict:
    return load_yaml("core", "roles.yaml")


@cache
def roles() -> dict[str, Role]:
    return {
        code: Role(code, spec["name"], tuple(spec["permissions"]), spec.get("requires_2fa", False))
        for code, spec in _catalogue()["roles"].items()
    }


def role_choices() -> list[tuple[str, str]]:
    return [(code, role.name) for code, role in roles().items()]


def known_permissions() -> dict[str, dict]:
    return _catalogue()["permissions"]


def _check_known(perm: str) -> None:
    if perm not in known_permissions():
        raise ValueError(f"Unknown permission {perm!r}: declare it in core/data/roles.yaml")


def user_grants(user) -> list[tuple[Role, int | None]]:
    """The user's (role, unit id or None for office-wide) grants, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_magistrat_grants", None)
    if cached is None:
        from magistrat.org.models import RoleAssignment

        catalogue = roles()
        cached = [
            (catalogue[code], unit_id)
            for code, unit_id in RoleAssignment.objects.filter(user=user).values_list("role", "unit_id")
            if code in catalogue
        ]
        if user.is_superuser:
            cached.append((catalogue["administrator"], None))
        user._magistrat_grants = cached
    return cached


def forget_grants(user) -> None:
    user.__dict__.pop("_magistrat_grants", None)
    user.__dict__.pop("_magistrat_scopes", None)


def requires_two_factor(user) -> bool:
    return any(role.requires_2fa for role, _unit in user_grants(user))


def unit_scope(user, perm: str) -> frozenset[int] | None:
    """Unit ids where the user holds `perm`: None means every unit, an empty set means none."""
    _check_known(perm)
    # A page asks many times (menu, selectors, templates); the answer is kept on the user object,
    # which lives for one request, like the grants it is computed from.
    scopes = getattr(user, "_magistrat_scopes", None)
    if scopes is None:
        scopes = {}
        if getattr(user, "is_authenticated", False):
            user._magistrat_scopes = scopes
    if perm not in scopes:
        scopes[perm] = _unit_scope(user, perm)
    return scopes[perm]


def _unit_scope(user, perm: str) -> frozenset[int] | None:
    scoped = known_permissions()[perm].get("scoped", False)
    units: set[int] = set()
    for role, unit_id in user_grants(user):
        if not role.grants(perm):
            continue
        if unit_id is None or not scoped:
            return None
        units.add(unit_id)
    if not units:
        return frozenset()
    from magistrat.org.models import Unit

    return frozenset(Unit.objects.subtree_ids(units))


def has_perm(user, perm: str, unit=None) -> bool:
    """Whether the user holds `perm` at all, or, given a unit (or unit id), for that unit."""
    scope = unit_scope(user, perm)
    if scope is None:
        return True
    if unit is None:
        return bool(scope)
    return _unit_ids(unit) & scope != set()


def _unit_ids(unit) -> set[int]:
    if isinstance(unit, int):
        return {unit}
    if isinstance(unit, Iterable):
        return {u if isinstance(u, int) else u.pk for u in unit}
    return {unit.pk}


def require(user, perm: str, unit=None) -> None:
    if not has_perm(user, perm, unit):
        raise PermissionDenied


def permission_required(perm: str) -> Callable:
    """View decorator: sign-in required, then `perm` (anywhere); 403 otherwise."""
    _check_known(perm)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


def owns_or_has(user, perm: str, obj, *, owner_field: str = "owner_id") -> bool:
    """Whether the user holds `perm` office-wide, or is the object's named owner (an asset's,
    a risk's, a task's): owners see and act on what is theirs without the register's role."""
    if has_perm(user, perm):
        return True
    return getattr(user, "is_authenticated", False) and getattr(obj, owner_field, None) == user.pk


def handles(user, perm: str, unit) -> bool:
    """Whether the user may act on a case of `unit`; a case not yet assigned to a unit belongs to
    those who hold `perm` office-wide."""
    return has_perm(user, perm, unit) if unit is not None else unit_scope(user, perm) is None


def holders(perm: str):
    """Users who hold `perm` anywhere (through any role, or as superusers), as a query of their ids."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from magistrat.org.models import RoleAssignment

    _check_known(perm)
    codes = [code for code, role in roles().items() if role.grants(perm)]
    granted = RoleAssignment.objects.filter(role__in=codes).values("user")
    return get_user_model().objects.filter(Q(pk__in=granted) | Q(is_superuser=True)).values("pk")
