"""The one permission layer of Magistrat.

"May this user do X (to this object)?" is answered here and nowhere else. Roles are named
permission sets loaded from `core/data/roles.yaml`; a role is granted to a user either
office-wide or for one organisational unit, which then covers that unit's whole subtree.

- `has_perm(user, perm, unit=None)`: does the user hold the permission (for that unit)?
- `may(user, perm, obj)`: may the user do it to this object? By default an object belongs to its
  unit (`obj.unit_id`, or `permission_unit_id()`), and an object without a unit to those who hold
  the permission office-wide; an app registers its own rule for a permission (`rule(perm)`) when
  its objects need more (an owner who may act without the role, a state that forbids editing).
  Views, templates (through the view's context), the API and services ask the same question.
- `unit_scope(user, perm)`: the units a selector narrows a queryset to.
- Every view declares who may open it, and `tests/demo_office/test_url_permissions.py` requests every URL
  as the declaration's allowed user, a user of another unit, a user without the role and
  anonymously (a view without a declaration fails that test):
  `permission_required(perm)` (sign-in, then the permission anywhere; the view narrows to the
  user's units through the app's selectors), `object_permission_required(perm)` (sign-in; the
  view asks `may` on its object, for records an owner may open without the role), `signed_in`
  (every signed-in user, each seeing their own things) and `public` (residents' pages).

A user without the permission gets 403; an object outside their scope is not found (404), so its
existence does not leak. This module imports no app: the organisation app tells it where grants
and the unit tree live (`use_directory`, from `org`'s `AppConfig.ready()`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache, wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
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


class Directory:
    """Where grants and the unit tree live; the organisation app provides one (`use_directory`)."""

    def grants(self, user) -> list[tuple[str, int | None]]:
        """The user's (role code, unit id or None for office-wide) grants."""
        raise NotImplementedError

    def subtree_ids(self, unit_ids) -> set[int]:
        """The given units and every unit below them."""
        raise NotImplementedError

    def users_with_roles(self, codes: list[str]):
        """A query of the ids of users granted any of the roles, anywhere."""
        raise NotImplementedError


_directory: list[Directory] = []


def use_directory(directory: Directory) -> None:
    _directory[:] = [directory]


def _dir() -> Directory:
    if not _directory:
        raise RuntimeError("No permission directory: the organisation app registers one when it is ready.")
    return _directory[0]


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
        catalogue = roles()
        cached = [(catalogue[code], unit_id) for code, unit_id in _dir().grants(user) if code in catalogue]
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
    return frozenset(_dir().subtree_ids(units))


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


def object_permission_required(perm: str) -> Callable:
    """View decorator for a page about one object that its owner may open without the role
    (`isms/permissions.py`): sign-in required; the view then asks `may(user, perm, obj)` (through
    `get_for`, `require_may` or its app's selector) and answers 403 or 404."""
    _check_known(perm)

    def decorator(view: Callable) -> Callable:
        wrapped = login_required(view)
        wrapped.permission = perm  # type: ignore[attr-defined]
        wrapped.object_level = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


PUBLIC = "public"
SIGNED_IN = "signed_in"


def signed_in(view: Callable) -> Callable:
    """View decorator for a page every signed-in user may open and where each sees only their own
    things (the home page, their notifications, their ratings, 2FA set-up)."""
    wrapped = login_required(view)
    wrapped.permission = SIGNED_IN  # type: ignore[attr-defined]
    return wrapped


def public(view: Callable) -> Callable:
    """Declares a page anyone may open without signing in (the residents' site, the BIP, sign-in
    itself); it must show only what is public."""
    view.permission = PUBLIC  # type: ignore[attr-defined]
    return view


def handles(user, perm: str, unit) -> bool:
    """Whether the user may act on a case of `unit`; a case not yet assigned to a unit belongs to
    those who hold `perm` office-wide."""
    return has_perm(user, perm, unit) if unit is not None else unit_scope(user, perm) is None


def holders(perm: str):
    """Users who hold `perm` anywhere (through any role, or as superusers), as a query of their ids."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    _check_known(perm)
    codes = [code for code, role in roles().items() if role.grants(perm)]
    granted = _dir().users_with_roles(codes)
    return get_user_model().objects.filter(Q(pk__in=granted) | Q(is_superuser=True)).values("pk")


# --- Object permissions ---------------------------------------------------------------------------

Rule = Callable[[object, object], bool | None]
_rules: dict[str, list[Rule]] = {}


def rule(perm: str) -> Callable[[Rule], Rule]:
    """Register an app's rule for `perm` on its objects: `rule(user, obj)` answers True or False, or
    None when the object is not its kind (the next rule, then the unit rule, decides)."""
    _check_known(perm)

    def decorator(func: Rule) -> Rule:
        if func not in _rules.setdefault(perm, []):
            _rules[perm].append(func)
        return func

    return decorator


def object_unit_id(obj) -> int | None:
    """The unit an object belongs to for permissions: `permission_unit_id()` when it defines one
    (an item of a case, say, belongs to its case's unit), else its `unit_id`."""
    if hasattr(obj, "permission_unit_id"):
        return obj.permission_unit_id()
    return getattr(obj, "unit_id", None)


def may(user, perm: str, obj=None) -> bool:
    """Whether the user may do `perm` to `obj` (or at all, without an object).

    An app's registered rules answer first; otherwise the object's unit decides: a user holding
    `perm` for that unit may, and an object without a unit belongs to office-wide holders."""
    _check_known(perm)
    if obj is None:
        return has_perm(user, perm)
    for check in _rules.get(perm, ()):
        answer = check(user, obj)
        if answer is not None:
            return answer
    return handles(user, perm, object_unit_id(obj))


def require_may(user, perm: str, obj=None) -> None:
    """PermissionDenied unless `may`; for views and services that act on an object already found."""
    if not may(user, perm, obj):
        raise PermissionDenied


def get_for(user, perm: str, queryset, **lookup):
    """Fetch-and-check in one place (healthchecks' `_get_check_for_user`): the object, or 404 when
    it does not exist or the user may not `perm` it, so its existence does not leak."""
    from django.shortcuts import get_object_or_404

    obj = get_object_or_404(queryset, **lookup)
    if not may(user, perm, obj):
        raise Http404
    return obj
