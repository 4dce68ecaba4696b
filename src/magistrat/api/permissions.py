"""Who may call an operation of the JSON API: the API's form of `core.permissions.permission_required`.

An operation that takes the office's credentials (a session or an API key) declares its
permission under its route decorator:

    @router.get("/units", response=…)
    @requires("org.view_units")
    def unit_list(request): …

The caller must hold the permission somewhere (403 in the API's error format otherwise); the
operation narrows what it returns to the caller's units through its app's selectors, and asks
`may` of the object it acts on. The published schema names the permission (`x-permission`), and
`tests/api/test_api_permissions.py` calls every operation that takes credentials as an allowed
user, a user of another unit, a user without the role and anonymously: an operation without a
declaration fails that test.
"""

from collections.abc import Callable
from functools import wraps

from ninja.utils import contribute_operation_callback

from magistrat.core.permissions import known_permissions, require


def requires(perm: str) -> Callable:
    if perm not in known_permissions():
        raise ValueError(f"Unknown permission {perm!r}: declare it in core/data/roles.yaml")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def operation(request, *args, **kwargs):
            require(request.auth, perm)
            return view(request, *args, **kwargs)

        operation.permission = perm  # type: ignore[attr-defined]

        def declare(op) -> None:
            op.openapi_extra = (op.openapi_extra or {}) | {"x-permission": perm}

        contribute_operation_callback(operation, declare)
        return operation

    return decorator
