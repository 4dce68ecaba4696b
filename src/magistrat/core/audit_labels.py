"""Readable, translated names of audit actions and of the keys in an entry's details.

Every app registers the names of the events its services write (`register_actions`, called from
its `AppConfig.ready()` with the dictionary in its `audit_actions.py`); core knows no app. The
field-diff trail's generic verbs ("created", "updated", …) are named here once and combined with
the model's verbose name: "Organisational unit: created".
"""

from collections.abc import Mapping

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Verbs that any model's entries may carry: the field-diff trail (`Audited`), `set_related` and
# the export helpers. A named event of one app ("registers.complaint.closed") is registered instead.
GENERIC_VERBS: dict[str, Promise] = {
    "created": _("created"),
    "updated": _("changed"),
    "deleted": _("deleted"),
    "related_changed": _("links changed"),
    "exported": _("exported"),
}

# Keys that many events use in their details; apps add their own with `register_details`.
_DETAIL_LABELS: dict[str, Promise] = {
    "version": pgettext_lazy("audit detail", "version"),
    "number": pgettext_lazy("audit detail", "number"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "note": pgettext_lazy("audit detail", "note"),
    "change_note": pgettext_lazy("audit detail", "what changed and why"),
    "comment": pgettext_lazy("audit detail", "comment"),
    "rows": pgettext_lazy("audit detail", "rows"),
    "format": pgettext_lazy("audit detail", "format"),
    "filters": pgettext_lazy("audit detail", "filters"),
    "hash": pgettext_lazy("audit detail", "hash"),
    "field": pgettext_lazy("audit detail", "field"),
    "added": pgettext_lazy("audit detail", "added"),
    "removed": pgettext_lazy("audit detail", "removed"),
    "username": pgettext_lazy("audit detail", "user name entered"),
    "file": pgettext_lazy("audit detail", "file"),
    "revision": pgettext_lazy("audit detail", "revision"),
    "expires_on": pgettext_lazy("audit detail", "valid until"),
}

_ACTIONS: dict[str, Promise] = {}


def register_actions(labels: Mapping[str, Promise]) -> None:
    """Add an app's event names, e.g. {"bip.item.published": _("BIP item published")}."""
    for action, label in labels.items():
        if action.count(".") < 1 or action != action.strip():
            raise ImproperlyConfigured(f"Audit action {action!r} must be namespaced: 'app.object.verb'.")
        known = _ACTIONS.get(action)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"Audit action {action!r} is registered twice with different labels.")
        _ACTIONS[action] = label


def register_details(labels: Mapping[str, Promise]) -> None:
    """Add labels for keys of an entry's details ("data"), e.g. {"outcome": _("outcome")}. A key means
    one thing in every event: labelled twice differently, it is refused (an app would relabel
    another's entries)."""
    for key, label in labels.items():
        known = _DETAIL_LABELS.get(key)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(f"Audit detail {key!r} is registered twice with different labels.")
        _DETAIL_LABELS[key] = label


def registered_actions() -> dict[str, Promise]:
    return dict(_ACTIONS)


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_verbose_name(object_type: str) -> str:
    """ "org.unit" → "Organisational unit"; an unknown type is shown as stored."""
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def is_labelled(action: str) -> bool:
    """True when `action_label` gives a translated name (a test holds every logged action to it)."""
    if action in _ACTIONS:
        return True
    prefix, _dot, verb = action.rpartition(".")
    return verb in GENERIC_VERBS and (not prefix or _model(prefix) is not None)


def action_label(action: str) -> str:
    """A readable, translated name: "Komórka organizacyjna: utworzono", "BIP item published"."""
    if action in _ACTIONS:
        return str(_ACTIONS[action])
    prefix, _dot, verb = action.rpartition(".")
    if verb in GENERIC_VERBS and prefix:
        return f"{model_verbose_name(prefix)}: {GENERIC_VERBS[verb]}"
    return action  # not registered: shown as stored rather than hidden


def detail_label(key: str) -> str:
    label = _DETAIL_LABELS.get(key)
    return capfirst(str(label)) if label is not None else capfirst(key.replace("_", " "))
