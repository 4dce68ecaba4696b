"""The one risk-matrix engine: levels, acceptance and heat maps of likelihood × impact ratings.

The ISMS risk assessments (ISO/IEC 27001 6.1.2) and the quality risk-and-opportunity register (ISO
9001 6.1, the management-control standards' risk management) rate with the same matrices, shipped in
core/data/risk_matrices.yaml. A register stores the whole definition in force when a rating was
made, so changing a matrix never re-rates the past: every function here reads a definition.

    level_of(definition, 4, 5)  # {"id": "critical", "pl": …, "en": …, "rank": 3, "acceptable": False}
    heat_map(definition, counts, stage="residual")  # rows from the highest likelihood, for a table
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from magistrat.core.reference import load_yaml


class MatrixError(ValueError):
    """A shipped matrix definition is malformed (a data error, never user input)."""


def shipped_matrices() -> list[dict]:
    """The matrix definitions shipped with Magistrat (code, version, kind, scales, levels…)."""
    return load_yaml("core", "risk_matrices.yaml")["matrices"]


def default_matrix() -> dict:
    matrices = shipped_matrices()
    return next((matrix for matrix in matrices if matrix.get("default")), matrices[0])


def level_of(definition: Mapping, likelihood: int, impact: int) -> dict:
    """The risk level of a rating in a matrix definition; ValidationError out of the scales."""
    rows, columns = len(definition["likelihood"]), len(definition["impact"])
    for name, value, top in (("likelihood", likelihood, rows), ("impact", impact, columns)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise ValidationError(
                _("%(name)s must be a whole number from 1 to %(top)d in this matrix.")
                % {"name": _("Likelihood") if name == "likelihood" else _("Impact"), "top": top},
                code=name,
            )
    levels = definition["levels"]
    if definition["kind"] == "lookup":
        level_id = definition["grid"][likelihood - 1][impact - 1]
    else:
        score = likelihood * impact
        level_id = next(level["id"] for level in levels if score <= level["max_score"])
    rank = next(index for index, level in enumerate(levels) if level["id"] == level_id)
    acceptance = next(index for index, level in enumerate(levels) if level["id"] == definition["acceptance"])
    return levels[rank] | {"rank": rank, "acceptable": rank <= acceptance}


def matrix_check(data: Mapping) -> None:
    """MatrixError unless every cell of the matrix gives a known level."""
    levels = [level["id"] for level in data.get("levels", [])]
    if data.get("kind") not in ("lookup", "multiplicative") or not levels:
        raise MatrixError(f"{data.get('code')}: kind and levels are required")
    if data.get("acceptance") not in levels:
        raise MatrixError(f"{data['code']}: acceptance must be one of the levels")
    rows, columns = len(data.get("likelihood", [])), len(data.get("impact", []))
    if data["kind"] == "lookup":
        grid = data.get("grid", [])
        if len(grid) != rows or any(len(row) != columns for row in grid):
            raise MatrixError(f"{data['code']}: the grid must be {rows}×{columns}")
        if any(cell not in levels for row in grid for cell in row):
            raise MatrixError(f"{data['code']}: the grid names an unknown level")
    elif data["levels"][-1].get("max_score", 0) < rows * columns:
        raise MatrixError(f"{data['code']}: the last level must cover {rows * columns}")
    for likelihood in range(1, rows + 1):
        for impact in range(1, columns + 1):
            level_of(data, likelihood, impact)


@dataclass(frozen=True)
class HeatMap:
    """Counts of rated records per matrix cell, for one rating stage; rows from the highest likelihood."""

    stage: str
    rows: list[tuple[str, list[tuple[int, int, int, dict]]]]  # (likelihood label, [(l, i, count, level)])
    impacts: list[str]
    total: int


def heat_map(definition: Mapping, counts: Mapping[tuple[int, int], int], *, stage: str) -> HeatMap:
    """The grid of a matrix with the number of records in each (likelihood, impact) cell."""

    def cell(likelihood: int, impact: int) -> tuple[int, int, int, dict]:
        count = counts.get((likelihood, impact), 0)
        return likelihood, impact, count, level_of(definition, likelihood, impact)

    impacts = range(1, len(definition["impact"]) + 1)
    rows = [
        (label, [cell(likelihood, impact) for impact in impacts])
        for likelihood, label in reversed(list(enumerate(definition["likelihood"], start=1)))
    ]
    return HeatMap(stage=stage, rows=rows, impacts=list(definition["impact"]), total=sum(counts.values()))
