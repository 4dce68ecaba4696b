"""How an audit entry reads to a person: one presenter for the audit pages, the export and the
histories of single records.

The trail stores what an auditor needs to prove (field names, raw values, ids, UTC times); this
module turns it into what an auditor can read: the action's translated name, fields by their
verbose names, choices by their labels, linked records by their names (the id stays in a
tooltip), yes/no, and times in the office's time zone (`TIME_ZONE`, Europe/Warsaw). Linked
records are looked up once per page, not once per value.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from magistrat.core.audit_labels import action_label, detail_label, model_verbose_name
from magistrat.core.models import AuditEntry

EMPTY = "–"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_ACTOR_NAME = re.compile(r"^(?P<login>\S+) \((?P<name>.*)\)$")


def office_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_time(moment: datetime) -> datetime:
    return timezone.localtime(moment, office_timezone())


@dataclass(frozen=True)
class Shown:
    """A value as shown: its text, and what a tooltip adds (the id, the stored value)."""

    text: str
    title: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Row:
    name: str  # as stored: the field or detail key
    label: str
    after: Shown
    before: Shown | None = None  # None for details, which have one value


@dataclass
class EntryView:
    entry: AuditEntry
    time: datetime  # in the office's time zone
    action_label: str
    actor: Shown
    object_type_label: str
    changes: list[Row] = field(default_factory=list)
    details: list[Row] = field(default_factory=list)

    @property
    def time_text(self) -> str:
        return self.time.strftime(TIME_FORMAT)

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{row.label}: {row.before} → {row.after}" for row in self.changes)

    @property
    def details_text(self) -> str:
        return "; ".join(f"{row.label}: {row.after}" for row in self.details)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) and found.concrete else None


def _is_link(model_field: models.Field | None) -> bool:
    return (
        model_field is not None
        and model_field.is_relation
        and bool(model_field.many_to_one or model_field.one_to_one)
    )


def user_shown(user_id: Any, name: str, login: str = "") -> Shown:
    title = _("user id %(id)s") % {"id": user_id} if user_id is not None else ""
    if login:
        title = f"{title}, {_('login')} {login}" if title else f"{_('login')} {login}"
    return Shown(name or (f"#{user_id}" if user_id is not None else EMPTY), title)


def _actor(entry: AuditEntry) -> Shown:
    if entry.actor_id is None and not entry.actor_name:
        return Shown(EMPTY)
    match = _ACTOR_NAME.match(entry.actor_name)
    if match:  # stored as "login (First Last)" at the time of the action
        return user_shown(entry.actor_id, match["name"] or match["login"], match["login"])
    return user_shown(entry.actor_id, entry.actor_name)


class _Names:
    """Names of the records that entries link to, fetched in one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model_field: models.Field | None, value: Any) -> None:
        if _is_link(model_field) and value not in (None, "", "***") and not isinstance(value, (list, dict)):
            self.wanted[model_field.related_model].add(value)  # type: ignore[union-attr,index]

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            target = model._meta.pk
            clean = []
            for pk in pks:
                try:
                    clean.append(target.to_python(pk))
                except Exception:  # noqa: BLE001, S112 - a value that is no key shows as "#value"
                    continue
            # Names often come from a required link (a staff member's name is their user's).
            required = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
            objects = model._base_manager.filter(pk__in=clean)
            for obj in objects.select_related(*required) if required else objects:
                self.names[(model, str(obj.pk))] = str(obj)

    def name(self, model: type[models.Model], value: Any) -> str | None:
        return self.names.get((model, str(value)))


def _plain(value: Any) -> Shown:
    if value is None or value == "":
        return Shown(EMPTY)
    if isinstance(value, bool):
        return Shown(_("yes") if value else _("no"))
    if isinstance(value, (dict, list)):
        if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
            return Shown(", ".join(str(item) for item in value) or EMPTY)
        return Shown(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return Shown(str(value))


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def _show(model_field: models.Field | None, value: Any, names: _Names) -> Shown:
    if value == "***":
        return Shown("***", _("hidden: the value is never recorded"))
    if value is None or value == "" or model_field is None:
        return _plain(value)
    if _is_link(model_field):
        related = model_field.related_model
        name = names.name(related, value)  # type: ignore[arg-type]
        if related is get_user_model():
            return user_shown(value, name or "")
        return Shown(name or f"#{value}", f"id {value}")
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if choices:  # the stored code stays in the detail page's "as stored" part and in exports
        if isinstance(value, list):
            return Shown(", ".join(str(choices.get(item, item)) for item in value) or EMPTY)
        label = choices.get(value)
        return Shown(str(label)) if label is not None else _plain(value)
    if isinstance(model_field, models.BooleanField):
        return _plain(bool(value))
    if isinstance(model_field, models.DateTimeField):
        moment = _parse_datetime(value)
        if moment is not None:
            return Shown(local_time(moment).strftime(TIME_FORMAT), str(value))
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        try:
            return Shown(date.fromisoformat(value).isoformat())
        except ValueError:
            return _plain(value)
    return _plain(value)


def _detail_value(model: type[models.Model] | None, key: str, value: Any, names: _Names) -> Shown:
    if key == "field" and isinstance(value, str) and (named := _field_or_relation(model, value)) is not None:
        return Shown(capfirst(str(named.verbose_name)), value)
    return _show(_field(model, key), value, names)


def _field_or_relation(model: type[models.Model] | None, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model: type[models.Model] | None, name: str) -> str:
    found = _field_or_relation(model, name)
    verbose = getattr(found, "verbose_name", None)
    return capfirst(str(verbose)) if verbose else detail_label(name)


def present(entries: Iterable[AuditEntry]) -> list[EntryView]:
    """Readable views of the entries (a page, an export chunk, a record's history)."""
    entries = list(entries)
    names = _Names()
    for entry in entries:
        model = _model(entry.object_type)
        for name, values in (entry.changes or {}).items():
            for value in values if isinstance(values, list) and len(values) == 2 else []:
                names.want(_field(model, name), value)
        for key, value in (entry.data or {}).items():
            names.want(_field(model, key), value)
    names.fetch()
    views = []
    for entry in entries:
        model = _model(entry.object_type)
        changes = []
        for name in sorted(entry.changes or {}):
            values = entry.changes[name]
            before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
            model_field = _field(model, name)
            changes.append(
                Row(
                    name,
                    _label(model, name),
                    _show(model_field, after, names),
                    _show(model_field, before, names),
                )
            )
        details = [
            Row(key, _label(model, key), _detail_value(model, key, value, names))
            for key, value in (entry.data or {}).items()
        ]
        views.append(
            EntryView(
                entry=entry,
                time=local_time(entry.created_at),
                action_label=action_label(entry.action),
                actor=_actor(entry),
                object_type_label=model_verbose_name(entry.object_type) if entry.object_type else "",
                changes=changes,
                details=details,
            )
        )
    return views


def present_one(entry: AuditEntry) -> EntryView:
    return present([entry])[0]


def present_stream(entries: Iterable[AuditEntry], chunk: int = 500) -> Iterator[EntryView]:
    """For exports: entries presented a chunk at a time, so memory and queries stay bounded."""
    iterator = iter(entries)
    while batch := list(islice(iterator, chunk)):
        yield from present(batch)
