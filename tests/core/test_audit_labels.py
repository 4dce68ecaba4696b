"""Every audit action the code can write has a translated name, registered by its app."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import override, pgettext_lazy

import magistrat
from magistrat.core.audit import log_action
from magistrat.core.audit_labels import (
    action_label,
    is_labelled,
    register_actions,
    register_details,
    registered_actions,
)

SOURCE = Path(magistrat.__file__).parent
# Calls that write an entry and where their action is: (position, keyword). Helpers that pass a
# parameter on as the action (`_assigned(case, url, action, data)`) are found and added.
WRITERS: dict[str, tuple[int | None, str]] = {
    "log_action": (1, "action"),
    "log_many": (1, "action"),
    "build_entry": (None, "action"),
    "tabular_response": (None, "action"),
    "pdf_response": (None, "action"),
}
# The demo's sign-in history builds its entries from tuples; `_history_actions` reads those.
DYNAMIC_ALLOWED = {"org/demo.py"}


def _constants(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):  # "created" if adding else "updated"
        body, orelse = _constants(node.body), _constants(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _trees() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _calls(tree: ast.Module):
    """(call, enclosing function's parameters) for every call in the module."""

    def walk(node, params):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = child.args
                names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
                yield from walk(child, (child.name, names, len(arguments.posonlyargs + arguments.args)))
            else:
                if isinstance(child, ast.Call):
                    yield child, params
                yield from walk(child, params)

    yield from walk(tree, None)


def _written_actions() -> tuple[dict[str, list[str]], list[str]]:
    """Action names written anywhere in the package, and the call sites whose action is not a literal."""
    trees = _trees()
    writers = dict(WRITERS)
    while True:  # find helpers passing their parameter on as the action, until no new one appears
        literal: dict[str, list[str]] = {}
        dynamic: list[str] = []
        found = {}
        for where, tree in trees:
            for call, params in _calls(tree):
                func = call.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name not in writers:
                    continue
                position, keyword = writers[name]
                arguments = [kw.value for kw in call.keywords if kw.arg == keyword]
                if position is not None and len(call.args) > position:
                    arguments.append(call.args[position])
                for argument in arguments:
                    values = _constants(argument)
                    if values is not None:
                        for value in values:
                            literal.setdefault(value, []).append(f"{where}:{call.lineno}")
                    elif isinstance(argument, ast.Name) and params and argument.id in params[1]:
                        function, names, positional = params
                        index = names.index(argument.id)
                        found[function] = (index if index < positional else None, argument.id)
                    elif where not in DYNAMIC_ALLOWED:
                        dynamic.append(f"{where}:{call.lineno}: {ast.unparse(argument)}")
        new = {name: spec for name, spec in found.items() if name not in writers}
        if not new:
            return literal, dynamic
        writers |= new


def _history_actions() -> set[str]:
    """The demo's sign-in history writes these (tuples in org/demo.py `_history`)."""
    tree = ast.parse((SOURCE / "org/demo.py").read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith(("auth.", "core."))
    }


def test_every_written_action_has_a_label():
    literal, dynamic = _written_actions()
    assert "isms.soa.approved" in literal  # the scan does find the calls
    assert not dynamic, f"actions that are not literal names cannot be checked: {dynamic}"
    names = set(literal) | _history_actions()
    missing = {}
    for name in sorted(names):
        # A bare verb is prefixed with the object's label by log_action ("related_changed").
        if not is_labelled(name if "." in name else f"org.unit.{name}"):
            missing[name] = literal.get(name, ["org/demo.py"])
    assert not missing, (
        "audit actions without a translated label: register them in the app's audit_actions.py "
        f"(ACTIONS), read by its AppConfig.ready(): {missing}"
    )


def test_every_registered_label_translates_and_names_an_app():
    from django.apps import apps

    labels = {app.label for app in apps.get_app_configs()} | {"auth"}
    for action, label in registered_actions().items():
        assert action.split(".")[0] in labels, action
        with override("en"):
            assert str(label) and str(label) != action


@pytest.mark.django_db
def test_labels_read_in_english_and_polish():
    with override("en"):
        assert action_label("isms.soa.approved") == "Statement of Applicability approved"
        assert action_label("registers.complaint.closed") == "Complaint or motion closed"
        assert action_label("org.unit.related_changed") == "Organisational unit: links changed"
        assert log_action(None, "auth.login_failed").action_label == "Failed sign-in"
    with override("pl"):
        assert action_label("org.unit.created") == "Komórka organizacyjna: utworzono"
    assert action_label("nobody.knows.this") == "nobody.knows.this"  # shown as stored, never hidden


def test_a_conflicting_registration_is_refused():
    register_actions({"bip.item.published": registered_actions()["bip.item.published"]})  # same: fine
    with pytest.raises(ImproperlyConfigured):
        register_actions({"bip.item.published": "Something else"})
    with pytest.raises(ImproperlyConfigured):
        register_actions({"published": "Not namespaced"})
    # A detail key means one thing in every event: an app cannot relabel another's.
    register_details({"version": pgettext_lazy("audit detail", "version")})  # same: fine
    with pytest.raises(ImproperlyConfigured):
        register_details({"version": "edition"})
