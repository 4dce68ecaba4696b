"""Dependencies run one way (docs/architecture.md, "Layers"): every import statement in the package,
also inside functions, goes from a module to a layer its own layer may use.

`core` knows no app; apps build on `core` and `org`; an app that needs another app's behaviour
calls a registry the lower one exposes (scheduled jobs, demo seeders, home-page attention, audit
labels, public sources…), filled from each app's `AppConfig.ready()`. The project modules and the
API's mount point (`api/urls.py`) put everything together and may import anything.
"""

import ast
import re
from pathlib import Path

import magistrat

PACKAGE = Path(magistrat.__file__).parent

# Layer → the layers its modules may import (besides their own). The API's shared schemas, error
# format and pagination (`magistrat.api`, layer "api") build on core only, so every app's `api.py`
# may use them; `api/urls.py` mounts every app's router and is a project module ("project").
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "api": {"core"},
    "org": {"core", "api"},
    # The management system: the one action register, nonconformities, KPIs. The modules feed it
    # through its registries (KPI sources, nonconformity sources), so it imports none of them.
    # Objectives and KPIs: the modules register their KPI sources, so it imports none of them.
    "performance": {"core", "api", "org"},
    "quality": {"core", "api", "org", "performance"},
    # Internal audits: findings open nonconformities; the modules register clause catalogues.
    "audits": {"core", "api", "org", "performance", "quality"},
    "services": {"core", "api", "org", "performance", "quality"},
    "feedback": {"core", "api", "org", "services", "performance", "quality"},
    "isms": {"core", "api", "org", "performance", "quality", "audits"},
    "bip": {"core", "api", "org", "performance", "quality"},
    # registers puts petitions on the BIP through the bulletin's registry of public sources
    "registers": {"core", "api", "org", "bip", "performance", "quality"},
    # competence builds on the survey engine of the ratings and on the action register
    "competence": {"core", "api", "org", "performance", "quality", "feedback"},
    # The residents' front door: news, and entry points to what the other modules offer them.
    "comms": {"core", "api", "org", "performance", "quality", "services", "feedback", "bip", "registers"},
    "project": {
        "core",
        "api",
        "org",
        "quality",
        "services",
        "feedback",
        "isms",
        "bip",
        "registers",
        "competence",
        "performance",
        "audits",
        "comms",
    },
}
PROJECT_MODULES = {"urls", "settings", "wsgi", "asgi", "__main__", "api.urls"}

# Arrows still running the wrong way, each waiting for a named change; never a way to allow one.
# (source module, imported module) → the change that removes it. Empty when the layers are clean.
KNOWN_WRONG_WAY: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package (migrations too) by its name relative to the package ("bip.views")."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """The layer of a module of ours given relative to the package ("bip.views", "api.urls"), or None."""
    if module in PROJECT_MODULES or module == "":
        return "project"
    top = module.split(".")[0]
    if top in ALLOWED:
        return top
    return None


def imports(path: Path, known: set[str]) -> list[tuple[int, str]]:
    """(line, imported module relative to the package) for every import of ours in a file, also
    inside functions; relative imports are resolved, and `from magistrat.core import models` names
    the module `core.models` when there is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the module's package
                base = ["magistrat", *package.split(".")] if package else ["magistrat"]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
            names = [
                name if module == "magistrat" or name.removeprefix("magistrat.") in known else module
                for name in names
            ]
        else:
            continue
        for name in dict.fromkeys(names):
            if name == "magistrat" or name.startswith("magistrat."):
                found.append((node.lineno, name.removeprefix("magistrat").removeprefix(".")))
    return found


def import_graph() -> dict[str, list[tuple[int, str]]]:
    known = modules()
    return {name: imports(path, set(known)) for name, path in known.items()}


def wrong_way_arrows() -> list[tuple[str, str, str]]:
    """(where, arrow, imported module) for every import that runs against the layers."""
    wrong = []
    known = modules()
    for source, path in known.items():
        source_layer = layer_of(source)
        assert source_layer is not None, f"{path}: module {source} belongs to no layer (tests/test_layers.py)"
        for line, target in imports(path, set(known)):
            target_layer = layer_of(target)
            if target_layer is None or target_layer == source_layer:
                continue
            if target_layer not in ALLOWED[source_layer]:
                where = f"{path.relative_to(PACKAGE.parent)}:{line}"
                wrong.append((where, f"{source_layer} → {target_layer}", f"{source} imports {target}"))
    return wrong


def import_cycles() -> list[list[str]]:
    """Groups of modules that import each other round in a circle (Tarjan's strongly connected
    components), however late the import: a cycle is two modules that are really one."""
    graph = {
        source: sorted({target for _line, target in targets if target != source})
        for source, targets in import_graph().items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, []):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_every_layer_is_a_package_or_a_project_module():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED), f"a package without a layer: {sorted(packages - set(ALLOWED))}"


def test_imports_run_one_way():
    wrong = [
        f"{where}: {arrow} is not allowed ({detail})"
        for where, arrow, detail in wrong_way_arrows()
        if tuple(detail.split(" imports ")) not in KNOWN_WRONG_WAY
    ]
    assert not wrong, "Imports against the layers (docs/architecture.md, Layers):\n" + "\n".join(wrong)


def test_known_wrong_way_arrows_still_exist():
    """A listed exception that the code no longer has must leave the list."""
    present = {tuple(detail.split(" imports ")) for _where, _arrow, detail in wrong_way_arrows()}
    assert set(KNOWN_WRONG_WAY) <= present, sorted(set(KNOWN_WRONG_WAY) - present)


def test_no_import_cycles():
    """core.audit ↔ core.models and core.permissions ↔ org.models were such circles; none may come back."""
    cycles = import_cycles()
    assert not cycles, "Modules importing each other in a circle:\n" + "\n".join(
        " ↔ ".join(c) for c in cycles
    )


# A dotted path to another app's code in core (`"magistrat.bip.tasks.publish…"`) is an import by other
# means: jobs, seeders and the like are registered by their apps instead.
APP_PATH = re.compile(r"^magistrat\.(?!core\b)[a-z_]+\.[A-Za-z_][\w.]*$")


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [tree, *ast.walk(tree)]
    return {
        id(node.body[0].value)
        for node in nodes
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def test_core_names_no_app_by_dotted_path():
    wrong = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and APP_PATH.match(node.value)
            ):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.value!r}")
    assert not wrong, "core names app code; register it from the app instead:\n" + "\n".join(wrong)


APP_URL = re.compile(r"""\{%\s*url\s+['"](?!core:)([a-z_]+):""")


def test_core_templates_link_to_no_app():
    """A page of core links to another app's page through a registry (core/account.py, attention)."""
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {match.group(0)}"
        for path in sorted((PACKAGE / "core" / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in APP_URL.finditer(line)
    ]
    assert not wrong, "core's templates name app pages:\n" + "\n".join(wrong)


def test_the_checker_sees_every_kind_of_import(tmp_path, monkeypatch):
    """The check itself: function-local, relative and `from magistrat import x` imports all count,
    and a circle of imports is found however late one of them runs."""
    package = tmp_path / "magistrat"
    for folder in ("core", "org"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "org" / "selectors.py").write_text("")
    (package / "core" / "models.py").write_text("def save():\n    from magistrat.core.sample import later\n")
    (package / "core" / "sample.py").write_text(
        "from . import models\n"
        "from ..org import selectors\n"
        "from magistrat import bip\n"
        "def later():\n"
        "    import magistrat.registers.models\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", package)
    assert imports(package / "core" / "sample.py", set(modules())) == [
        (1, "core.models"),
        (2, "org.selectors"),
        (3, "bip"),
        (5, "registers.models"),
    ]
    arrows = sorted(arrow for _where, arrow, _detail in wrong_way_arrows())
    assert arrows == ["core → bip", "core → org", "core → registers"]
    assert import_cycles() == [["core.models", "core.sample"]]


# A module past this many lines is split by entity (models/, services/, views/ packages), as the
# registers, the ISMS and the ratings are: the next modules copy what they see.
MODULE_LINES = 600


def test_no_module_is_longer_than_a_reader_can_hold():
    long = {
        name: lines
        for name, path in modules().items()
        if ".migrations." not in f".{name}."
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, f"Split these modules by entity (over {MODULE_LINES} lines): {long}"
