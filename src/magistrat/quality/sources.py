"""Where nonconformities come from: a registry the other modules fill from their `AppConfig.ready()`.

ISO 9001 10.2 asks for one way of reacting to every nonconformity, whatever revealed it. The
quality module keeps one register and knows none of the modules that feed it (`tests/test_layers.py`):
each module registers a `Source` describing its records:

- `model`: the record an NC links to ("registers.complaint"); the NC keeps its content type and id,
  and the record's page shows its NCs (`{% load quality %}{% nonconformities_for obj %}`);
- `eligible(obj)`: whether the record may raise one (a complaint closed as justified);
- `candidates(user)`: records waiting for the quality manager's decision (the units whose
  satisfaction is surely below target), shown on the "raise a nonconformity" page, and with
  `on_home_page` also on the quality manager's home page;
- `propose(obj)`: the title, description, unit and detection date the new record starts from,
  and the `trigger` figures the effectiveness check compares with later;
- `measure(nc, since=…, today=…)`: re-measures what triggered the record after the corrective
  actions (ISO 9001 10.2.1 d) and proposes effective / not effective / too few data. Without one,
  a person judges ("no data measure").

The quality module registers "staff report" itself; `docs/quality.md` shows a new source.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Proposal(models.TextChoices):
    EFFECTIVE = "effective", _("effective")
    NOT_EFFECTIVE = "not_effective", _("not effective")
    TOO_FEW = "too_few", _("too few data to tell")
    NO_MEASURE = "no_measure", _("no data measure: a person judges")


@dataclass(frozen=True)
class Measurement:
    """What the source measured after the actions: the proposal, a sentence for people, and the
    figures (kept on the check, so the decision can be reviewed later)."""

    proposal: str
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    """What a new nonconformity raised from a source's record starts from (the form's initial data)."""

    title: str
    description: str = ""
    unit_id: int | None = None
    detected_on: date | None = None
    trigger: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A record of a source waiting for a decision on the "raise a nonconformity" page."""

    obj: models.Model
    label: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Source:
    code: str
    label: Any  # a lazy translation
    model: str = ""  # "app_label.model_name" of the records it links to; "" for none
    eligible: Callable[[Any], bool] | None = None
    candidates: Callable[[Any], Iterable[Candidate]] | None = None
    propose: Callable[[Any], Draft] | None = None
    measure: Callable[..., Measurement] | None = None
    url: Callable[[Any], str] | None = None  # the linked record's page (default: get_absolute_url)
    # Its candidates also wait on the quality manager's home page (an alert, not a list to browse).
    on_home_page: bool = False

    def accepts(self, obj) -> bool:
        return self.model == obj._meta.label_lower and (self.eligible is None or self.eligible(obj))


_sources: dict[str, Source] = {}

STAFF_REPORT = "staff_report"


def register_source(source: Source) -> Source:
    """Add (or replace) a source; called from the feeding app's `AppConfig.ready()`."""
    _sources[source.code] = source
    return source


def sources() -> list[Source]:
    return list(_sources.values())


def source(code: str) -> Source | None:
    return _sources.get(code)


def source_for(obj) -> Source | None:
    """The source whose records are of `obj`'s kind."""
    label = obj._meta.label_lower
    return next((s for s in _sources.values() if s.model == label), None)


def source_choices() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in _sources.values()]


def linked_url(source_code: str, obj) -> str:
    """The page of a linked record: the source's `url`, else the record's `get_absolute_url`."""
    entry = source(source_code)
    if entry is not None and entry.url is not None:
        return entry.url(obj)
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
