"""Import of units and staff from CSV or XLSX (core.importing does the reading and the dry run).

Rows are matched on the unit code / employee number, so importing the same file twice changes
nothing the second time.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from magistrat.core import importing
from magistrat.core.importing import ImportReport, RowResult
from magistrat.core.permissions import roles
from magistrat.org import services
from magistrat.org.models import Position, RoleAssignment, Staff, Unit, unit_code_validator

# Each column with its heading in the template (translated) and other headings offices use in
# their own spreadsheets; headings are matched ignoring case, Polish letters and punctuation.
UNIT_HEADINGS = {
    "code": (_lazy("code"), ["kod", "symbol komorki", "kod komorki"]),
    "name": (_lazy("name"), ["nazwa komorki"]),
    "kind": (_lazy("kind"), ["typ", "rodzaj komorki"]),
    "parent_code": (_lazy("parent unit"), ["kod komorki nadrzednej", "nadrzedna", "parent"]),
    "email": (_lazy("e-mail"), ["email", "adres e mail"]),
    "phone": (_lazy("phone"), ["tel", "numer telefonu"]),
    "location": (_lazy("building and room"), ["lokalizacja", "siedziba", "pokoj"]),
}
STAFF_HEADINGS = {
    "employee_number": (
        _lazy("employee number"),
        ["numer pracownika", "nr pracownika", "nr ewidencyjny", "numer ewidencyjny pracownika"],
    ),
    "first_name": (_lazy("first name"), ["imie"]),
    "last_name": (_lazy("last name"), ["nazwisko"]),
    "email": (_lazy("e-mail"), ["email", "adres e mail", "poczta"]),
    "username": (_lazy("user name"), ["login", "uzytkownik", "nazwa konta"]),
    "position": (_lazy("position"), ["stanowisko pracy"]),
    "unit_code": (
        _lazy("primary unit"),
        ["komorka", "kod komorki", "komorka organizacyjna", "jednostka", "unit"],
    ),
    "other_unit_codes": (_lazy("other units"), ["pozostale komorki", "kody innych komorek"]),
    "phone": (_lazy("phone"), ["tel", "numer telefonu"]),
    "room": (_lazy("room"), ["nr pokoju", "numer pokoju"]),
    "employed_since": (
        _lazy("employed since"),
        ["data zatrudnienia", "zatrudniony od", "zatrudniona od", "od kiedy"],
    ),
    "roles": (_lazy("roles"), ["role w systemie", "uprawnienia"]),
}
UNIT_COLUMNS = list(UNIT_HEADINGS)
STAFF_COLUMNS = list(STAFF_HEADINGS)
REQUIRED = {
    "units": ["code", "name"],
    "staff": ["employee_number", "first_name", "last_name", "email", "username", "position", "unit_code"],
}
# One example row of each template (made-up data).
EXAMPLES = {
    "units": [
        "OR-04",
        "Referat Archiwum",
        "section",
        "OR",
        "archiwum@example.pl",
        "32 555 10 40",
        "pok. 9",
    ],
    "staff": [
        "P01234",
        "Anna",
        "Kowalska",
        "anna.kowalska@example.pl",
        "anna.kowalska",
        "inspektor",
        "OR-04",
        "OR",
        "32 555 10 41",
        "9",
        "2024-03-01",
        "bip_editor@OR-04",
    ],
}


def heading_key(text: str) -> str:
    """A column heading as compared: lower case, without Polish letters' marks or punctuation."""
    folded = unicodedata.normalize("NFD", text.strip().lower().replace("ł", "l"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return "_".join(re.findall(r"[a-z0-9]+", plain))


def heading_matcher(headings: dict[str, tuple]) -> Callable[[str], str]:
    """A function naming the column a file's heading means: the column's own name, its heading in
    Polish or English, or one of its other usual names."""
    known: dict[str, str] = {}
    for column, (label, aliases) in headings.items():
        names = [column, *aliases]
        for language in ("pl", "en"):
            with translation.override(language):
                names.append(str(label))
        for name in names:
            known.setdefault(heading_key(name), column)

    def match(heading: str) -> str:
        return known.get(heading_key(heading), heading)

    return match


def template_headings(kind: str) -> list[str]:
    """The template's header row: each column's heading in the current language."""
    headings = UNIT_HEADINGS if kind == "units" else STAFF_HEADINGS
    return [str(label) for label, _aliases in headings.values()]


def run_import(kind: str, data: bytes, filename: str, *, apply: bool) -> ImportReport:
    return importing.run_import(
        kind,
        data,
        filename,
        columns=UNIT_COLUMNS if kind == "units" else STAFF_COLUMNS,
        required=REQUIRED[kind],
        validate=_validate_unit_rows if kind == "units" else _validate_staff_rows,
        apply=apply,
        header=heading_matcher(UNIT_HEADINGS if kind == "units" else STAFF_HEADINGS),
    )


def _validate_unit_rows(rows: list[dict[str, str]], report: ImportReport) -> list[Callable]:
    existing = {u.code: u for u in Unit.objects.all()}
    file_codes: dict[str, int] = {}
    parents: dict[str, str] = {}
    plans: list[Callable] = []
    kinds = {k.value for k in Unit.Kind} | {str(k.label).split(" ")[0] for k in Unit.Kind}
    for line, row in enumerate(rows, start=2):
        code = row.get("code", "").upper()
        result = RowResult(line=line, label=f"{code} {row.get('name', '')}".strip())
        report.rows.append(result)
        importing.required_cells(row, REQUIRED["units"], result)
        if code:
            try:
                unit_code_validator(code)
            except ValidationError as exc:
                result.errors.extend(exc.messages)
            if code in file_codes:
                result.errors.append(
                    _("Code %(code)s appears twice (line %(line)d).")
                    % {"code": code, "line": file_codes[code]}
                )
            file_codes.setdefault(code, line)
        kind = (row.get("kind") or "department").lower()
        if kind not in kinds:
            result.errors.append(_("Unknown kind %(kind)s.") % {"kind": kind})
        kind = next(
            (k.value for k in Unit.Kind if kind in (k.value, str(k.label).split(" ")[0])), "department"
        )
        parent_code = row.get("parent_code", "").upper()
        if parent_code:
            parents[code] = parent_code
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                result.errors.append(_("Invalid e-mail address %(email)s.") % {"email": row["email"]})
        if not result.errors:
            unit = existing.get(code)
            result.action = "create" if unit is None else "update"
            plans.append(_unit_plan(code, row, kind, parent_code))
    edges = {child: {parent} for child, parent in parents.items()}
    for line_result, row in zip(report.rows, rows, strict=True):
        code = row.get("code", "").upper()
        wanted_parent = parents.get(code)
        if wanted_parent and wanted_parent not in file_codes and wanted_parent not in existing:
            line_result.errors.append(_("Parent unit %(code)s does not exist.") % {"code": wanted_parent})
        elif wanted_parent and importing.has_cycle(code, edges):
            line_result.errors.append(_("Unit %(code)s would be its own ancestor.") % {"code": code})
    # Parents before children: create every unit first, then set parents.
    return plans + [_parent_plan(code, parent) for code, parent in parents.items()]


def _unit_plan(code, row, kind, parent_code) -> Callable:
    def plan():
        unit = Unit.objects.filter(code=code).first() or Unit(code=code)
        unit.name, unit.kind = row["name"], kind
        unit.email, unit.phone, unit.location = (
            row.get("email", ""),
            row.get("phone", ""),
            row.get("location", ""),
        )
        services.unit_save(unit=unit)

    return plan


def _parent_plan(code, parent_code) -> Callable:
    def plan():
        unit = Unit.objects.get(code=code)
        parent = Unit.objects.get(code=parent_code)
        if unit.parent_id != parent.pk:
            unit.parent = parent
            services.unit_save(unit=unit)

    return plan


def _parse_roles(text: str, units: dict[str, Unit], result: RowResult) -> list[tuple[str, Unit | None]]:
    grants = []
    for item in filter(None, (part.strip() for part in text.replace(",", ";").split(";"))):
        role, _sep, unit_code = item.partition("@")
        if role not in roles():
            result.errors.append(_("Unknown role %(role)s.") % {"role": role})
            continue
        unit = units.get(unit_code.upper()) if unit_code else None
        if unit_code and unit is None:
            result.errors.append(_("Unit %(code)s does not exist.") % {"code": unit_code})
            continue
        grants.append((role, unit))
    return grants


def _validate_staff_rows(rows: list[dict[str, str]], report: ImportReport) -> list[Callable]:
    from django.contrib.auth import get_user_model

    users = {u.username.lower(): u for u in get_user_model().objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    staff_by_number = {s.employee_number: s for s in Staff.objects.select_related("user")}
    seen_numbers: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}
    plans = []
    for line, row in enumerate(rows, start=2):
        number = row.get("employee_number", "")
        result = RowResult(
            line=line, label=f"{number} {row.get('first_name', '')} {row.get('last_name', '')}".strip()
        )
        report.rows.append(result)
        importing.required_cells(row, REQUIRED["staff"], result)
        username = row.get("username", "").lower()
        for value, seen, message in (
            (number, seen_numbers, _("Employee number %(value)s appears twice (line %(line)d).")),
            (username, seen_usernames, _("User name %(value)s appears twice (line %(line)d).")),
        ):
            if value and value in seen:
                result.errors.append(message % {"value": value, "line": seen[value]})
            seen.setdefault(value, line)
        existing = staff_by_number.get(number)
        owner = users.get(username)
        if owner is not None and (existing is None or existing.user_id != owner.pk):
            result.errors.append(_("User name %(value)s belongs to another account.") % {"value": username})
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                result.errors.append(_("Invalid e-mail address %(email)s.") % {"email": row["email"]})
        unit_codes = [row.get("unit_code", "").upper()] + [
            c.strip().upper()
            for c in row.get("other_unit_codes", "").replace(",", ";").split(";")
            if c.strip()
        ]
        for code in filter(None, unit_codes):
            if code not in units:
                result.errors.append(_("Unit %(code)s does not exist.") % {"code": code})
        employed_since = None
        if row.get("employed_since"):
            try:
                employed_since = date.fromisoformat(row["employed_since"])
            except ValueError:
                result.errors.append(
                    _("Date %(value)s is not in the form YYYY-MM-DD.") % {"value": row["employed_since"]}
                )
        grants = _parse_roles(row.get("roles", ""), units, result)
        if result.errors:
            continue
        result.action = "create" if existing is None else "update"
        plans.append(_staff_plan(row, number, [units[c] for c in unit_codes if c], employed_since, grants))
    return plans


def _staff_plan(row, number, unit_list, employed_since, grants) -> Callable:
    def plan():
        position, _created = Position.objects.get_or_create(name=row["position"])
        fields = dict(
            first_name=row["first_name"],
            last_name=row["last_name"],
            email=row["email"],
            position=position,
            primary_unit=unit_list[0],
            other_units=unit_list[1:],
            phone=row.get("phone", ""),
            room=row.get("room", ""),
            employed_since=employed_since,
        )
        staff = Staff.objects.filter(employee_number=number).first()
        if staff is None:
            staff = services.staff_create(username=row["username"], employee_number=number, **fields)
        else:
            services.staff_update(staff=staff, **fields)
        for role, unit in grants:
            if not RoleAssignment.objects.filter(user=staff.user, role=role, unit=unit).exists():
                services.role_grant(user=staff.user, role=role, unit=unit)

    return plan
