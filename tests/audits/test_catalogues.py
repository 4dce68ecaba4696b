"""The clause catalogues: shipped YAML of the right shape and counts, the ISMS's ISO/IEC 27001
registered through the registry, all stored after migrate, and a catalogue stored once."""

import pytest

from magistrat.audits.catalogues import (
    CatalogueError,
    CatalogueSpec,
    catalogues_load,
    check_entries,
    register_catalogue,
    registered,
    shipped,
)
from magistrat.audits.models import Catalogue, Clause


def test_iso9001_has_clauses_4_to_10_with_titles_in_both_languages():
    spec = shipped("iso9001-2015.yaml")
    entries = spec.entries()
    check_entries(spec.code, entries)
    tops = [e["ref"] for e in entries if "." not in e["ref"]]
    assert tops == ["4", "5", "6", "7", "8", "9", "10"]
    assert len(entries) == 35
    assert {"9.2", "10.2", "8.7", "7.5"} <= {e["ref"] for e in entries}


def test_management_control_has_22_standards_in_groups_a_to_e():
    spec = shipped("management-control.yaml")
    entries = spec.entries()
    check_entries(spec.code, entries)
    assert len(entries) == 22
    groups = {}
    for entry in entries:
        groups.setdefault(entry["ref"][0], []).append(entry["ref"])
        assert entry["group"]["pl"] and entry["group"]["en"]
    assert {letter: len(refs) for letter, refs in groups.items()} == {"A": 4, "B": 5, "C": 6, "D": 3, "E": 4}
    assert [e["ref"] for e in entries][:1] == ["A.1"] and entries[-1]["ref"] == "E.22"


def test_the_isms_registers_iso27001_clauses_and_annex_a():
    specs = {spec.code: spec for spec in registered()}
    assert {"iso9001", "kontrola-zarzadcza", "iso27001"} <= set(specs)
    entries = specs["iso27001"].entries()
    check_entries("iso27001", entries)
    controls = [e for e in entries if e["ref"].startswith("A.")]
    assert len(controls) == 93
    assert all(c["group"]["en"].endswith("controls") for c in controls)
    assert len(entries) - len(controls) == 33


@pytest.mark.django_db
def test_every_registered_catalogue_is_stored_after_migrate():
    counts = {c.code: c.clauses.count() for c in Catalogue.objects.all()}
    assert counts["iso9001"] == 35
    assert counts["kontrola-zarzadcza"] == 22
    assert counts["iso27001"] == 126
    assert Clause.objects.get(catalogue__code="kontrola-zarzadcza", ref="E.21").title_en == "Internal audit"
    assert catalogues_load() == 0  # stored once: loading again adds nothing


@pytest.mark.django_db
def test_a_new_catalogue_registers_and_loads(monkeypatch):
    from magistrat.audits import catalogues

    monkeypatch.setattr(catalogues, "_catalogues", dict(catalogues._catalogues))
    entries = [{"ref": "1", "title": {"pl": "Jeden", "en": "One"}}]
    register_catalogue(
        CatalogueSpec(code="local", version="1", name={"pl": "L", "en": "L"}, entries=lambda: entries)
    )
    assert catalogues_load() == 1
    assert Clause.objects.get(catalogue__code="local").title_pl == "Jeden"


@pytest.mark.parametrize(
    "entries",
    [[], [{"ref": "1", "title": {"pl": "a"}}], [{"ref": "1", "title": {"pl": "a", "en": "a"}}] * 2],
)
def test_malformed_catalogues_are_refused(entries):
    with pytest.raises(CatalogueError):
        check_entries("x", entries)
