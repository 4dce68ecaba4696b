"""Import of the asset inventory from CSV or XLSX, with a dry run (see core.importing).

Rows are matched on the asset code, so the same file imported twice changes nothing the second
time. Dependencies may name assets in the file or already in the inventory; a file that would
make them circular is refused as a whole, like any other error.
"""

import re
from collections.abc import Callable
from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from magistrat.core import importing
from magistrat.core.audit import set_related
from magistrat.core.importing import ImportReport, RowResult
from magistrat.isms.models import Asset
from magistrat.isms.services.assets import asset_save, dependency_edges
from magistrat.org.importing import heading_matcher
from magistrat.org.models import Unit

# Each column with its heading in exports (translated); an import accepts the column's name or its
# heading in Polish or English, so an exported file can be edited and imported again.
ASSET_HEADINGS = {
    "code": (_lazy("code"), ["kod"]),
    "name": (_lazy("name"), ["nazwa"]),
    "kind": (_lazy("kind"), ["rodzaj", "typ"]),
    "owner": (_lazy("owner"), ["wlasciciel"]),
    "unit_code": (_lazy("unit"), ["komorka", "kod komorki"]),
    "location": (_lazy("location"), ["lokalizacja"]),
    "classification": (_lazy("classification"), ["klasyfikacja"]),
    "confidentiality": (_lazy("confidentiality"), ["poufnosc"]),
    "integrity": (_lazy("integrity"), ["integralnosc"]),
    "availability": (_lazy("availability"), ["dostepnosc"]),
    "authenticity": (_lazy("authenticity"), ["autentycznosc"]),
    "depends_on": (_lazy("depends on"), ["zalezy od"]),
    "review_due": (_lazy("next review"), ["przeglad do", "nastepny przeglad"]),
    "description": (_lazy("description"), ["opis"]),
}
ASSET_COLUMNS = list(ASSET_HEADINGS)
REQUIRED = ["code", "name", "kind", "owner", "confidentiality", "integrity", "availability", "review_due"]
RATINGS = ("confidentiality", "integrity", "availability", "authenticity")


def asset_import(data: bytes, filename: str, *, apply: bool) -> ImportReport:
    return importing.run_import(
        "assets",
        data,
        filename,
        columns=ASSET_COLUMNS,
        required=REQUIRED,
        validate=_validate,
        apply=apply,
        header=heading_matcher(ASSET_HEADINGS),
    )


def asset_headings() -> list[str]:
    """The export's header row: each column's heading in the current language."""
    return [str(label) for label, _aliases in ASSET_HEADINGS.values()]


def owner_cell(user) -> str:
    """An owner in an export: the name, with the user name in brackets (what an import reads)."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def _choice(value: str, choices) -> str | None:
    """A choice given by its value or its label, in any letter case."""
    wanted = value.strip().lower()
    for choice_value, label in choices:
        if wanted in (choice_value, str(label).lower()):
            return choice_value
    return None


def _split_codes(text: str) -> list[str]:
    return [c for c in text.replace(",", " ").replace(";", " ").split() if c]


def _validate(rows: list[dict[str, str]], report: ImportReport) -> list[Callable]:
    users = {u.username.lower(): u for u in get_user_model().objects.filter(is_active=True)}
    units = {u.code: u for u in Unit.objects.all()}
    existing = dict(Asset.objects.values_list("code", "pk"))
    seen: dict[str, int] = {}
    plans: list[Callable] = []
    dependencies: dict[str, list[str]] = {}
    results: dict[str, RowResult] = {}
    for line, row in enumerate(rows, start=2):
        code = row.get("code", "").strip()
        result = RowResult(line=line, label=f"{code} {row.get('name', '')}".strip())
        report.rows.append(result)
        importing.required_cells(row, REQUIRED, result)
        if code in seen:
            result.errors.append(
                _("Code %(code)s appears twice (line %(line)d).") % {"code": code, "line": seen[code]}
            )
        seen.setdefault(code, line)
        values = _row_values(row, users, units, result)
        dependencies[code] = _split_codes(row.get("depends_on", ""))
        results[code] = result
        if not result.errors:
            result.action = "update" if code in existing else "create"
            plans.append(_asset_plan(code, values))
    _check_dependencies(dependencies, results, existing)
    return plans + [_dependency_plan(code, deps) for code, deps in dependencies.items()]


def _row_values(row, users, units, result: RowResult) -> dict:
    values: dict = {
        "name": row.get("name", ""),
        "location": row.get("location", ""),
        "description": row.get("description", ""),
    }
    kind = _choice(row.get("kind", ""), Asset.Kind.choices)
    if row.get("kind") and kind is None:
        result.errors.append(_("Unknown kind %(kind)s.") % {"kind": row["kind"]})
    values["kind"] = kind
    classification = _choice(row.get("classification") or "internal", Asset.Classification.choices)
    if classification is None:
        result.errors.append(_("Unknown classification %(value)s.") % {"value": row["classification"]})
    values["classification"] = classification
    # "Anna Kowalska (anna.kowalska)" as exported, or the bare user name.
    owner_text = row.get("owner", "").strip()
    login = re.search(r"\(([^()]+)\)\s*$", owner_text)
    owner = users.get((login.group(1) if login else owner_text).strip().lower())
    if row.get("owner") and owner is None:
        result.errors.append(_("No active user %(name)s.") % {"name": row["owner"]})
    values["owner"] = owner
    unit_code = row.get("unit_code", "").strip().upper()
    if unit_code and unit_code not in units:
        result.errors.append(_("Unit %(code)s does not exist.") % {"code": unit_code})
    values["unit"] = units.get(unit_code)
    for name in RATINGS:
        text = row.get(name, "").strip()
        if not text:
            values[name] = None
            continue
        if not text.isdigit() or not 1 <= int(text) <= 4:
            result.errors.append(
                _("%(column)s must be a whole number from 1 to 4, not %(value)s.")
                % {"column": name, "value": text}
            )
            continue
        values[name] = int(text)
    if row.get("review_due"):
        try:
            values["review_due"] = date.fromisoformat(row["review_due"].strip())
        except ValueError:
            result.errors.append(
                _("Date %(value)s is not in the form YYYY-MM-DD.") % {"value": row["review_due"]}
            )
    return values


def _check_dependencies(
    dependencies: dict[str, list[str]], results: dict[str, RowResult], existing: dict
) -> None:
    by_pk = {str(pk): code for code, pk in existing.items()}
    edges = {by_pk[s]: {by_pk[t] for t in targets} for s, targets in dependency_edges().items()}
    edges.update({code: set(deps) for code, deps in dependencies.items()})
    for code, deps in dependencies.items():
        result = results[code]
        unknown = [d for d in deps if d not in dependencies and d not in existing]
        if unknown:
            result.errors.append(
                _("Unknown asset codes in depends_on: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        elif code in deps:
            result.errors.append(_("An asset cannot depend on itself."))
        elif importing.has_cycle(code, edges):
            result.errors.append(_("The dependencies of %(code)s are circular.") % {"code": code})
        if result.errors:
            result.action = ""


def _asset_plan(code: str, values: dict) -> Callable:
    def plan():
        asset = Asset.objects.filter(code=code).first() or Asset(code=code)
        for name, value in values.items():
            setattr(asset, name, value)
        asset_save(asset=asset)

    return plan


def _dependency_plan(code: str, deps: list[str]) -> Callable:
    def plan():
        set_related(Asset.objects.get(code=code), "depends_on", Asset.objects.filter(code__in=deps))

    return plan
