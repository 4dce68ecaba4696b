"""What the management review reads (ISO 9001 9.3.2): a registry the modules fill from their
`AppConfig.ready()`, like the nonconformity sources.

Each input answers one item of 9.3.2 for a period with figures computed from live data, each
linked to its records where it has a page:

    register_input(ReviewInput(
        code="feedback.satisfaction",
        clause="9.3.2 c) 1",
        label=_("Residents' satisfaction"),
        compute=satisfaction,          # (*, start: date, end: date) -> list[Figure]
    ))

The quality module registers what it holds itself (actions of earlier reviews, context changes,
nonconformities and corrective actions, risks and opportunities); the other modules register
theirs. An item no module answers (e.g. the performance of external providers) is written by the
quality manager on the draft. The pack freezes the figures when the review is held.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# ISO 9001:2015 9.3.2: the inputs in the order the standard lists them.
CLAUSES: dict[str, Any] = {
    "9.3.2 a": _("Status of actions from previous management reviews"),
    "9.3.2 b": _("Changes in external and internal issues"),
    "9.3.2 c) 1": _("Customer satisfaction and feedback from interested parties"),
    "9.3.2 c) 2": _("Extent to which quality objectives have been met"),
    "9.3.2 c) 3": _("Process performance and conformity of services"),
    "9.3.2 c) 4": _("Nonconformities and corrective actions"),
    "9.3.2 c) 5": _("Monitoring and measurement results"),
    "9.3.2 c) 6": _("Audit results"),
    "9.3.2 c) 7": _("Performance of external providers"),
    "9.3.2 d": _("Adequacy of resources"),
    "9.3.2 e": _("Effectiveness of actions taken to address risks and opportunities"),
    "9.3.2 f": _("Opportunities for improvement"),
}


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ReviewInput:
    code: str
    clause: str  # a key of CLAUSES
    label: Any  # a lazy translation
    compute: Callable[..., list[Figure]]  # (*, start: date, end: date) -> figures


_inputs: dict[str, ReviewInput] = {}


def register_input(entry: ReviewInput) -> None:
    if entry.clause not in CLAUSES:
        raise ImproperlyConfigured(f"{entry.code}: unknown clause {entry.clause!r}")
    known = _inputs.get(entry.code)
    if known is not None and known != entry:
        raise ImproperlyConfigured(f"Review input {entry.code!r} is registered twice, differently.")
    _inputs[entry.code] = entry


def registered_inputs() -> list[ReviewInput]:
    order = list(CLAUSES)
    return sorted(_inputs.values(), key=lambda entry: (order.index(entry.clause), entry.code))


def compile_pack(*, start: date, end: date, comments: dict[str, str] | None = None) -> dict:
    """Every 9.3.2 item with the figures of its inputs for the period and the quality manager's
    comment on it: the JSON a review freezes. An input that fails is reported, never hides the rest."""
    comments = comments or {}
    by_clause: dict[str, list[dict]] = {clause: [] for clause in CLAUSES}
    for entry in registered_inputs():
        try:
            figures = [figure.as_dict() for figure in entry.compute(start=start, end=end)]
            error = ""
        except Exception as exc:  # one module's failure must not sink the pack: it is reported in it
            logger.exception("Management review input %s failed", entry.code)
            figures, error = [], type(exc).__name__
        by_clause[entry.clause].append(
            {"code": entry.code, "label": str(entry.label), "figures": figures, "error": error}
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "sections": [
            {
                "clause": clause,
                "title": str(title),
                "inputs": by_clause[clause],
                "comment": comments.get(clause, ""),
            }
            for clause, title in CLAUSES.items()
        ],
    }
