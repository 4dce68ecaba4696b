"""Every write to the organisation model. Each function is atomic and lands in the audit trail
(through `BaseModel.save`, or `log_action` for actions that are more than a field change)."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import forget_grants, roles
from magistrat.org.models import (
    FilingSymbol,
    IntakeRoute,
    Membership,
    Office,
    Position,
    RoleAssignment,
    Staff,
    Unit,
)

User = get_user_model()


@transaction.atomic
def staff_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    employee_number: str,
    position: Position,
    primary_unit: Unit,
    other_units: Sequence[Unit] = (),
    phone: str = "",
    room: str = "",
    employed_since: date | None = None,
    password: str | None = None,
) -> Staff:
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            _("The user name %(username)s is already taken.") % {"username": username}, field="username"
        )
    if Staff.objects.filter(employee_number=employee_number).exists():
        raise ServiceError(
            _("Employee number %(number)s is already in use.") % {"number": employee_number},
            field="employee_number",
        )
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # they set one through the password-reset e-mail
    user.save()
    staff = Staff.objects.create(
        user=user,
        employee_number=employee_number,
        position=position,
        phone=phone,
        room=room,
        employed_since=employed_since,
    )
    _set_units(staff, primary_unit, other_units)
    if not password and user.email:
        from magistrat.core.tasks import send_account_invitation

        transaction.on_commit(lambda: send_account_invitation.enqueue(user.pk))
    return staff


@transaction.atomic
def staff_update(
    *,
    staff: Staff,
    first_name: str,
    last_name: str,
    email: str,
    position: Position,
    primary_unit: Unit,
    other_units: Sequence[Unit] = (),
    phone: str = "",
    room: str = "",
    employed_since: date | None = None,
) -> Staff:
    user = staff.user
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save()
    staff.position, staff.phone, staff.room, staff.employed_since = position, phone, room, employed_since
    staff.save()
    _set_units(staff, primary_unit, other_units)
    return staff


def _set_units(staff: Staff, primary_unit: Unit, other_units: Sequence[Unit]) -> None:
    wanted = {primary_unit.pk: True} | {u.pk: False for u in other_units if u.pk != primary_unit.pk}
    current = {m.unit_id: m for m in staff.memberships.all()}
    for unit_id, membership in current.items():
        if unit_id not in wanted:
            membership.delete()
        elif membership.is_primary and not wanted[unit_id]:
            membership.is_primary = False
            membership.save()
    for unit_id, primary in wanted.items():
        existing = current.get(unit_id)
        if existing is None:
            Membership.objects.create(staff=staff, unit_id=unit_id, is_primary=primary)
        elif primary and not existing.is_primary:
            existing.is_primary = True
            existing.save()


@transaction.atomic
def staff_set_active(*, staff: Staff, active: bool) -> Staff:
    """Deactivating keeps the record (it is evidence) but blocks sign-in and removes roles' effect."""
    was_active = staff.is_active
    staff.is_active = active
    staff.save()
    staff.user.is_active = active
    staff.user.save()
    headed = list(Unit.objects.filter(head=staff).values_list("code", flat=True)) if not active else []
    if not active:
        Unit.objects.filter(head=staff).update(head=None)
    if was_active != active:
        log_action(
            staff,
            "org.staff.reactivated" if active else "org.staff.deactivated",
            data={
                "account": staff.user.username,
                "employee_number": staff.employee_number,
                "heads_of": headed,
            },
        )
    return staff


@transaction.atomic
def role_grant(*, user, role: str, unit: Unit | None = None) -> RoleAssignment:
    if role not in roles():
        raise ServiceError(_("Unknown role."), field="role")
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ServiceError(_("This role is already granted with this scope."), field="role")
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    forget_grants(user)
    log_action(assignment, "org.role.granted", data=_grant_data(assignment))
    return assignment


def _grant_data(assignment: RoleAssignment) -> dict:
    """Who holds which role where (None: office-wide), as an auditor reads a grant."""
    return {
        "account": assignment.user.username,
        "role": assignment.role,
        "unit": assignment.unit.code if assignment.unit is not None else None,
    }


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    log_action(assignment, "org.role.revoked", data=_grant_data(assignment))
    assignment.delete()
    forget_grants(assignment.user)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Create or update a unit (the form has already run `full_clean`)."""
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_set_head(*, unit: Unit, head: Staff | None) -> Unit:
    """Make `head` the unit's head and grant them the unit-head role for it."""
    previous = unit.head
    unit.head = head
    unit.save()
    if previous != head:
        log_action(
            unit,
            "org.unit.head_changed",
            data={
                "unit": unit.code,
                "head": head.user.username if head else None,
                "before": previous.user.username if previous else None,
            },
        )
    if previous is not None and previous != head:
        for assignment in RoleAssignment.objects.filter(user=previous.user, role="unit_head", unit=unit):
            role_revoke(assignment=assignment)
        forget_grants(previous.user)
    if (
        head is not None
        and not RoleAssignment.objects.filter(user=head.user, role="unit_head", unit=unit).exists()
    ):
        role_grant(user=head.user, role="unit_head", unit=unit)
    return unit


@transaction.atomic
def office_save(*, office: Office) -> Office:
    office.full_clean()
    office.save()
    return office


@transaction.atomic
def position_save(*, position: Position) -> Position:
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def staff_unlock_sign_in(*, staff: Staff) -> int:
    """Clear the failed sign-in attempts that locked the account (django-axes)."""
    from axes.utils import reset

    cleared = reset(username=staff.user.username)
    log_action(staff.user, "auth.unlocked", data={"attempts_cleared": cleared})
    return cleared


@transaction.atomic
def staff_reset_two_factor(*, staff: Staff) -> int:
    """Remove the person's 2FA devices (a lost phone); they enrol again at the next sign-in."""
    from django_otp import devices_for_user

    devices = list(devices_for_user(staff.user, confirmed=None))
    for device in devices:
        device.delete()
    log_action(staff.user, "auth.2fa_reset", data={"devices_removed": len(devices)})
    return len(devices)


@transaction.atomic
def intake_route_save(*, register: str, role: str, unit: Unit | None = None) -> IntakeRoute:
    """Decide who receives a register's new cases until they are assigned."""
    from magistrat.org import intake

    if register not in {r.code for r in intake.registers()}:
        raise ServiceError(_("Unknown register."), field="register")
    catalogue = roles()
    if role not in catalogue:
        raise ServiceError(_("Unknown role."), field="role")
    entry = intake.get_register(register)
    if role not in dict(intake.allowed_roles(entry)):
        raise ServiceError(
            _("Holders of this role cannot handle this register's cases: choose a role that can."),
            field="role",
        )
    if unit is not None and not unit.is_active:
        raise ServiceError(_("Choose an active unit."), field="unit")
    route = IntakeRoute.objects.filter(register=register).first() or IntakeRoute(register=register)
    before = {"role": route.role, "unit": route.unit.code if route.unit else None} if route.pk else None
    route.role, route.unit = role, unit
    route.save()
    log_action(
        route,
        "org.intake.changed",
        data={"register": register, "role": role, "unit": unit.code if unit else None, "before": before},
    )
    return route


@transaction.atomic
def filing_symbol_save(*, register: str, symbol: str) -> FilingSymbol:
    """Set the filing symbol a register's new case numbers start with (numbers given stay as they are)."""
    from magistrat.core import numbering
    from magistrat.org import filing

    if register not in {entry.code for entry in numbering.registers()}:
        raise ServiceError(_("Unknown register."), field="register")
    symbol = symbol.strip().upper()
    taken = {row.register.code: row.symbol for row in filing.symbols()}
    if any(code != register and used == symbol for code, used in taken.items()):
        refusal = _("Another register uses this symbol: case numbers would repeat.")
        raise ServiceError(refusal, field="symbol")
    row = FilingSymbol.objects.filter(register=register).first() or FilingSymbol(register=register)
    before = taken.get(register)
    row.symbol = symbol
    clean_or_refuse(row)
    row.save()
    data = {"register": register, "symbol": symbol, "before": before}
    log_action(row, "org.filing_symbol.changed", data=data)
    return row
