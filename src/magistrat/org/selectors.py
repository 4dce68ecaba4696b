"""Reads of the organisation model, always scoped by the permission layer."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from magistrat.core.collation import order_by_name, person_order
from magistrat.core.permissions import has_perm, unit_scope
from magistrat.org.models import Membership, Office, Position, RoleAssignment, Staff, Unit


def current_office() -> Office | None:
    return Office.objects.order_by("id").first()


def unit_tree(*, include_inactive: bool = False) -> list[tuple[Unit, int]]:
    """Units in tree order with their depth, for lists and select boxes."""
    units = Unit.objects.select_related("head__user").order_by("code")
    if not include_inactive:
        units = units.filter(is_active=True)
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    # Units whose parent is inactive (filtered out) are shown at the top level.
    for parent_id, orphans in children.items():
        if parent_id is not None and parent_id not in known:
            for unit in orphans:
                ordered.append((unit, 0))
                walk(unit.pk, 1)
    return ordered


def units_in_scope(*, user, perm: str) -> QuerySet[Unit]:
    """The active units where the user holds `perm` (every active unit for an office-wide grant):
    the choices of a unit filter or of a staff member's units."""
    scope = unit_scope(user, perm)
    units = Unit.objects.active()
    return units if scope is None else units.filter(pk__in=scope)


def unit_asked(*, user, perm: str, raw: str) -> Unit | None:
    """The unit a list or export asks for (`?unit=`, a unit's code or id), None when it asks for
    none; a unit outside the user's scope is not found (404), so the answer is refused, not empty."""
    raw = raw.strip()
    if not raw:
        return None
    unit = (
        Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else Unit.objects.filter(code=raw).first()
    )
    if unit is None or not has_perm(user, perm, unit):
        raise Http404
    return unit


def staff_queryset(*, user, perm: str = "org.view_staff") -> QuerySet[Staff]:
    scope = unit_scope(user, perm)
    return (
        Staff.objects.in_units(scope)
        .select_related("user", "position")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
    )


def staff_list(
    *,
    user,
    query: str = "",
    unit: Unit | None = None,
    active: bool | None = True,
    perm: str = "org.view_staff",
) -> QuerySet[Staff]:
    """Staff in the user's scope, in Polish alphabetical order of surname and first name."""
    staff = staff_queryset(user=user, perm=perm)
    if query:
        for word in query.split():
            staff = staff.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(employee_number__icontains=word)
                | Q(position__name__icontains=word)
            )
    if unit is not None:
        staff = staff.filter(memberships__unit_id__in=Unit.objects.subtree_ids([unit.pk])).distinct()
    if active is not None:
        staff = staff.filter(is_active=active)
    return person_order(staff, "user__")


def staff_get(*, user, pk: int, perm: str = "org.view_staff") -> Staff:
    """One staff member, or 404 when they are outside the user's scope."""
    return get_object_or_404(staff_queryset(user=user, perm=perm), pk=pk)


def role_assignments_of(staff: Staff) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=staff.user).select_related("unit").order_by("role")


def role_assignment_get(*, staff: Staff, pk: int) -> RoleAssignment:
    """One of the staff member's role grants, or 404."""
    return get_object_or_404(RoleAssignment, pk=pk, user=staff.user)


def position_list():
    """Job titles in Polish alphabetical order, each with how many active staff hold it."""
    return order_by_name(
        Position.objects.annotate(staff_count=Count("staff", filter=Q(staff__is_active=True))), "name"
    )
