"""The BIP's public sources (`bip.sources`): other apps put pages on the bulletin through a registry,
every change of public content goes through one entry point (`bip.changes`: cached pages end, the
mirror follows), and the bulletin imports no app that publishes on it."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import magistrat.bip
from magistrat.bip import pagecache
from magistrat.bip.changes import public_content_changed
from magistrat.bip.mirror import export_all
from magistrat.bip.sources import (
    Page,
    public_links,
    register_source,
    sources,
    unregister_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_source():
    """A source of a module that does not exist yet: two of the bulletin's own pages, and a link."""
    calls = []

    def pages(pk):
        calls.append(pk)
        return [Page(reverse("bip_public:instruction")), Page(reverse("bip_public:not_published"))]

    register_source("test-extra", pages=pages, links=[("Rejestr testowy", "bip_public:instruction")])
    yield calls
    unregister_source("test-extra")


def test_a_registered_source_is_mirrored_when_its_content_changes(
    extra_source, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.MAGISTRAT_BIP_STATIC_MIRROR = str(tmp_path)
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed(reason="test.extra.changed", source="test-extra", pk=7)
    assert pagecache.generation() > before  # every cached page ended with the commit
    assert extra_source == [7]
    assert (tmp_path / "bip" / "instrukcja" / "index.html").exists()
    assert (tmp_path / "bip" / "informacje-nieudostepnione" / "index.html").exists()
    assert (tmp_path / "bip" / "index.html").exists()  # the shared pages follow every change


def test_without_a_mirror_only_the_cache_ends(extra_source, settings, django_capture_on_commit_callbacks):
    settings.MAGISTRAT_BIP_STATIC_MIRROR = ""
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed(reason="test.extra.changed", source="test-extra", pk=7)
    assert pagecache.generation() > before and extra_source == []


def test_the_full_export_writes_every_source(extra_source, settings, tmp_path):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    export_all(tmp_path)
    assert extra_source == [None]
    assert (tmp_path / "bip" / "informacje-nieudostepnione" / "index.html").exists()


def test_sources_add_links_to_the_bulletins_menu(client, extra_source):
    assert ("Rejestr testowy", reverse("bip_public:instruction")) in public_links()
    page = client.get(reverse("bip_public:home")).content.decode()
    assert f'<a href="{reverse("bip_public:instruction")}">Rejestr testowy</a>' in page


def test_the_petitions_register_is_a_source_of_the_registers(client):
    petitions = next(source for source in sources() if source.name == "petitions")
    assert petitions.pages.__module__ == "magistrat.registers.bip_sources"
    assert reverse("bip_public:petitions") == "/bip/rejestr-petycji/"
    assert reverse("bip_public:petition", args=["PET.152.1.2026"]) == "/bip/rejestr-petycji/PET.152.1.2026/"
    assert client.get(reverse("bip_public:petitions")).status_code == 200
    # The menu still links to the register and to the request form (art. 10 udip).
    page = client.get(reverse("bip_public:home")).content.decode()
    assert f'href="{reverse("bip_public:petitions")}"' in page
    assert f'href="{reverse("requests_public:submit")}"' in page


def test_a_registry_read_before_the_apps_are_ready_is_refused(monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    from magistrat.bip.sources import public_url_patterns

    monkeypatch.setattr(apps, "ready", False)
    with pytest.raises(ImproperlyConfigured):
        public_url_patterns()


def _imported_modules(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("import_module", "__import__"):
            names |= {
                arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return names


def test_the_bulletin_imports_no_register():
    """Dependencies run one way: registers publishes on the BIP through its registry, and the BIP
    never imports registers (not even inside a function)."""
    package = Path(magistrat.bip.__file__).parent
    offending = {}
    for file in sorted(package.rglob("*.py")):
        imported = _imported_modules(ast.parse(file.read_text(encoding="utf-8")))
        wrong = sorted(
            name
            for name in imported
            if name == "magistrat.registers" or name.startswith("magistrat.registers.")
        )
        if wrong:
            offending[file.relative_to(package).as_posix()] = wrong
    assert not offending, f"bip imports registers: {offending}"
    # The check does see imports (it is not vacuous).
    assert "magistrat.bip.changes" in _imported_modules(ast.parse((package / "services.py").read_text()))
