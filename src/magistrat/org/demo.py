"""Seeds the demo office (org/data/demo_office.yaml) deterministically from a seed number.

Bulk inserts keep it fast; every object still gets its "created" entry in the audit trail.
"""

import random
import unicodedata
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from magistrat.core.audit import append_entries, build_entry, log_many
from magistrat.core.deadlines import WARSAW, is_working_day
from magistrat.core.demo import DemoContext, DemoLogin
from magistrat.core.permissions import roles
from magistrat.core.reference import load_yaml
from magistrat.org.models import Membership, Office, Position, RoleAssignment, Staff, Unit

User = get_user_model()
DEMO_PASSWORD = "Wislin-demo-2026"  # noqa: S105 - the demo's published password, never used in production


def _data() -> dict:
    return load_yaml("org", "demo_office.yaml")


def _feminine(surname: str) -> str:
    for ending in ("ski", "cki", "dzki"):
        if surname.endswith(ending):
            return surname[:-1] + "a"
    return surname


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def seed(context: DemoContext) -> None:
    """The office, its units, positions, ~300 staff, roles, logins and two years of sign-ins."""
    data, rng, went_live = _data(), context.rng, context.went_live
    Office.objects.bulk_create([office := Office(**data["office"])])
    log_many([office], "org.office.created", at=went_live)
    units = _seed_units(data, went_live)
    heads = _seed_staff(data, units, rng, context.today, went_live)
    context.logins += _seed_roles_and_logins(data, units, heads, rng, went_live)
    users = [head.user for head in heads.values()]
    context.events += _history(
        rng, went_live, context.today, users, per_day=(0, 2) if context.small else (4, 10)
    )
    context.shared.update(units=units, heads=heads)


def _seed_units(data, went_live) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, _parent, location in data["units"]:
        slug = _ascii(code).replace("-", "")
        units[code] = Unit(
            code=code,
            name=name,
            kind=kind,
            location=location,
            email=f"{slug}@wislin.example.pl",
            phone=f"+48 32 555 {10 + len(units):02d} 00",
        )
    Unit.objects.bulk_create(units.values())
    for code, _name, _kind, parent, _location in data["units"]:
        if parent:
            units[code].parent = units[parent]
    Unit._base_manager.bulk_update(units.values(), ["parent"])  # recorded by the "created" entries below
    log_many(units.values(), "org.unit.created", at=went_live)
    return units


def _seed_staff(data, units, rng, today, went_live):
    position_names = (
        set(data["positions"]) | set(data["head_positions"].values()) | set(data["special_heads"].values())
    )
    managerial = set(data["managerial_positions"])
    positions = {
        name: Position(
            name=name,
            is_managerial=name in managerial,
            category=data["position_categories"].get(name, Position.Category.OFFICIAL),
        )
        for name in sorted(position_names)
    }
    Position.objects.bulk_create(positions.values())
    log_many(positions.values(), "org.position.created", at=went_live)

    password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing 300 times would take minutes
    used_usernames: set[str] = {"admin"}
    users, staff_rows, memberships, heads = [], [], [], {}
    number = 1000
    for code, _name, kind, _parent, _location in data["units"]:
        count = data["staff_per_unit"].get(code, data["staff_per_unit"]["default"])
        head_position = data["special_heads"].get(code) or data["head_positions"][kind]
        for index in range(count + 1):
            female = rng.random() < 0.62  # local government staff are mostly women
            first = rng.choice(data["first_names"]["female" if female else "male"])
            last = rng.choice(data["last_names"])
            last = _feminine(last) if female else last
            username = base = f"{_ascii(first)}.{_ascii(last)}"
            suffix = 2
            while username in used_usernames:
                username, suffix = f"{base}{suffix}", suffix + 1
            used_usernames.add(username)
            number += 1
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                password=password_hash,
                email=f"{username}@wislin.example.pl",
            )
            position = positions[head_position if index == 0 else rng.choice(data["positions"])]
            years = rng.choice([0, 1, 1, 2, 3, 5, 8, 12, 20])
            member = Staff(
                user=user,
                employee_number=f"P{number}",
                position=position,
                phone=f"+48 32 555 {rng.randint(1000, 9999)}",
                room=units[code].location.split("pok. ")[-1][:40],
                employed_since=today - timedelta(days=365 * years + rng.randint(0, 364)),
            )
            users.append(user)
            staff_rows.append((member, code, index == 0))
    User.objects.bulk_create(users)
    for member, _code, _is_head in staff_rows:
        member.user_id = member.user.pk
    Staff.objects.bulk_create([m for m, _c, _h in staff_rows])
    for member, code, is_head in staff_rows:
        memberships.append(Membership(staff=member, unit=units[code], is_primary=True))
        if is_head:
            heads[code] = member
            units[code].head = member
    Membership.objects.bulk_create(memberships)
    Unit._base_manager.bulk_update(units.values(), ["head"])
    append_entries(
        [
            build_entry(
                action="org.unit.updated", obj=unit, changes={"head": [None, unit.head_id]}, at=went_live
            )
            for unit in units.values()
            if unit.head_id
        ]
    )
    log_many(users, "core.user.created", at=went_live)
    log_many([m for m, _c, _h in staff_rows], "org.staff.created", at=went_live)
    log_many(memberships, "org.membership.created", at=went_live)
    return heads


def _seed_roles_and_logins(data, units, heads, rng, went_live) -> list[DemoLogin]:
    admin = User(
        username="admin",
        first_name="Administrator",
        last_name="Systemu",
        is_staff=True,
        is_superuser=True,
        email="admin@wislin.example.pl",
        password=make_password(DEMO_PASSWORD),
    )
    User.objects.bulk_create([admin])
    log_many([admin], "core.user.created", at=went_live)
    grants = [RoleAssignment(user=admin, role="administrator")]
    grants += [
        RoleAssignment(user=head.user, role="unit_head", unit=units[code]) for code, head in heads.items()
    ]
    for role, codes in data["roles"].items():
        grants += [RoleAssignment(user=heads[code].user, role=role, unit=None) for code in codes]
    RoleAssignment.objects.bulk_create(grants)
    log_many(grants, "org.roleassignment.created", at=went_live)

    first_holder = {role: heads[codes_[0]].user for role, codes_ in data["roles"].items()}
    first_holder |= {"unit_head": heads["SA"].user, "administrator": admin}
    logins = []
    for role in (
        "administrator",
        "quality_manager",
        "unit_head",
        "hr_officer",
        "auditor",
        "security_officer",
        "leadership",
        "bip_editor",
        "bip_approver",
    ):
        user = first_holder[role]
        codes = _backup_codes(user, rng) if roles()[role].requires_2fa else []
        logins.append(
            DemoLogin(username=user.username, role=role, password=DEMO_PASSWORD, backup_codes=codes)
        )
    return logins


def _backup_codes(user, rng) -> list[str]:
    """Roles that require 2FA get one-time backup codes, so the demo needs no authenticator app."""
    device = StaticDevice.objects.create(user=user, name="Kody zapasowe (demo)")
    codes = [f"{rng.randint(0, 99_999_999):08d}" for _ in range(10)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _history(
    rng: random.Random, went_live: datetime, today: date, users: list, per_day: tuple[int, int]
) -> list:
    """Two years of sign-ins, sign-outs, mistyped passwords and exports in the audit trail."""
    events: list[tuple] = []
    day = went_live.date() + timedelta(days=1)
    auditor = users[-1]
    while day < today:
        if is_working_day(day):
            for user in rng.sample(users, k=rng.randint(*per_day)):
                signed_in = datetime.combine(day, time(7, 30), tzinfo=WARSAW) + timedelta(
                    minutes=rng.randint(0, 420)
                )
                ip = f"10.20.{rng.randint(1, 40)}.{rng.randint(2, 250)}"
                events.append((signed_in, "auth.login", user, ip, {}))
                events.append(
                    (signed_in + timedelta(minutes=rng.randint(15, 400)), "auth.logout", user, ip, {})
                )
            if rng.random() < 0.3:
                user = rng.choice(users)
                moment = datetime.combine(day, time(8, 0), tzinfo=WARSAW) + timedelta(
                    minutes=rng.randint(0, 480)
                )
                events.append((moment, "auth.login_failed", None, "10.20.7.31", {"username": user.username}))
            if day.day <= 3 and day.weekday() == 0:
                moment = datetime.combine(day, time(10, 15), tzinfo=WARSAW)
                events.append(
                    (
                        moment,
                        "core.audit.exported",
                        auditor,
                        "10.20.3.14",
                        {"rows": rng.randint(800, 4000), "format": "xlsx", "filters": {}},
                    )
                )
        day += timedelta(days=1)
    return [
        build_entry(action=action, obj=user, user=user, ip_address=ip, data=data, at=moment)
        for moment, action, user, ip, data in events
    ]
