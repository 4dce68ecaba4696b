"""Clause catalogues an audit's criteria are chosen from: a registry the modules fill from their
`AppConfig.ready()` (audits ships ISO 9001:2015 and the management-control standards; the ISMS
registers ISO/IEC 27001:2022 clauses and Annex A from its own reference data, `isms/audit_catalogue.py`).

A catalogue is a code, a version, a name in Polish and English and a function returning its
entries (`{"ref": "9.2", "title": {"pl": …, "en": …}, "group": "…"}`, in order). After every
migrate `catalogues_load` copies each registered version into `Catalogue`/`Clause` once: a loaded
version never changes, so checklists and findings keep pointing at the clause they were built from.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from magistrat.core.reference import load_yaml


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class CatalogueSpec:
    code: str
    version: str
    name: dict  # {"pl": …, "en": …}
    entries: Callable[[], list[dict]]


_catalogues: dict[tuple[str, str], CatalogueSpec] = {}


def register_catalogue(spec: CatalogueSpec) -> CatalogueSpec:
    """Add (or replace) a catalogue; called from an app's `AppConfig.ready()`."""
    _catalogues[(spec.code, spec.version)] = spec
    return spec


def registered() -> list[CatalogueSpec]:
    return list(_catalogues.values())


def check_entries(code: str, entries: list[dict]) -> None:
    """CatalogueError unless every entry has a unique ref and a title in Polish and English."""
    refs: set[str] = set()
    for entry in entries:
        ref = str(entry.get("ref", ""))
        if not ref or ref in refs:
            raise CatalogueError(f"{code}: missing or repeated ref {ref!r}")
        refs.add(ref)
        title = entry.get("title") or {}
        if not title.get("pl") or not title.get("en"):
            raise CatalogueError(f"{code} {ref}: a title needs pl and en")
    if not refs:
        raise CatalogueError(f"{code}: no entries")


def shipped(name: str) -> CatalogueSpec:
    """A catalogue shipped in audits/data/ (`iso9001-2015.yaml`, `management-control.yaml`)."""
    data = load_yaml("audits", name)
    groups = data.get("groups", {})

    def entries() -> list[dict]:
        return [
            {"ref": str(c["ref"]), "title": c["title"], "group": groups.get(c.get("group"), {})}
            for c in data["clauses"]
        ]

    return CatalogueSpec(code=data["code"], version=str(data["version"]), name=data["name"], entries=entries)


SHIPPED = ("iso9001-2015.yaml", "management-control.yaml")


@transaction.atomic
def catalogues_load(*, using: str = "default") -> int:
    """Store every registered catalogue version not stored yet; returns how many were added."""
    from magistrat.audits.models import Catalogue, Clause

    added = 0
    for spec in registered():
        if Catalogue.objects.using(using).filter(code=spec.code, version=spec.version).exists():
            continue
        entries = spec.entries()
        check_entries(spec.code, entries)
        catalogue = Catalogue(
            code=spec.code, version=spec.version, name_pl=spec.name["pl"], name_en=spec.name["en"]
        )
        catalogue.save(using=using)
        Clause.objects.using(using).bulk_create(
            Clause(
                catalogue=catalogue,
                ref=entry["ref"],
                title_pl=entry["title"]["pl"],
                title_en=entry["title"]["en"],
                group_pl=(entry.get("group") or {}).get("pl", ""),
                group_en=(entry.get("group") or {}).get("en", ""),
                position=index,
            )
            for index, entry in enumerate(entries)
        )
        added += 1
    return added
