"""Loading the reference catalogues and risk matrices shipped in isms/data/ (`magistrat load_reference`).

A catalogue or matrix is stored once per version. Loading again is a no-op; a file whose content
changed under the same version is refused (a stored version never changes: give it a new one).
"""

import re
from importlib import resources

from django.db import transaction

from magistrat.core.reference import content_hash, load_yaml
from magistrat.core.riskmatrix import MatrixError, matrix_check, shipped_matrices
from magistrat.isms.models import Catalogue, CatalogueEntry, RiskMatrix

ENTRY_KINDS = {
    "clauses": CatalogueEntry.Kind.CLAUSE,
    "controls": CatalogueEntry.Kind.CONTROL,
    "requirements": CatalogueEntry.Kind.REQUIREMENT,
    "fields": CatalogueEntry.Kind.FIELD,
}


class ReferenceDataError(ValueError):
    pass


def catalogue_files() -> list[dict]:
    folder = resources.files("magistrat.isms").joinpath("data/catalogues")
    names = sorted(f.name for f in folder.iterdir() if f.name.endswith(".yaml"))
    return [load_yaml("isms", f"catalogues/{name}") for name in names]


def matrix_data() -> list[dict]:
    return shipped_matrices()


def catalogue_check(data: dict) -> None:
    """ReferenceDataError unless the catalogue is well formed: refs unique, titles in pl and en."""
    for key in ("code", "version", "name"):
        if not data.get(key):
            raise ReferenceDataError(f"catalogue without {key}")
    if not re.fullmatch(r"[\w.-]+", str(data["version"])):
        raise ReferenceDataError(f"{data['code']}: a version is letters, digits, dots and hyphens")
    refs: set[str] = set()
    for group in ENTRY_KINDS:
        for entry in data.get(group, []):
            ref = str(entry.get("ref", ""))
            if not ref or ref in refs:
                raise ReferenceDataError(f"{data['code']}: missing or repeated ref {ref!r}")
            refs.add(ref)
            title = entry.get("title") or {}
            if not title.get("pl") or not title.get("en"):
                raise ReferenceDataError(f"{data['code']} {ref}: a title needs pl and en")
            if group == "controls" and entry.get("theme") not in data.get("themes", {}):
                raise ReferenceDataError(f"{data['code']} {ref}: unknown theme {entry.get('theme')!r}")
    if not refs:
        raise ReferenceDataError(f"{data['code']}: no entries")


@transaction.atomic
def reference_load(*, using: str = "default") -> list[str]:
    """Store the catalogues and matrices not stored yet; returns what was loaded."""
    loaded: list[str] = []
    catalogues = catalogue_files()
    created: list[tuple[Catalogue, dict]] = []
    for data in catalogues:
        catalogue_check(data)
        digest = content_hash(data)
        existing = Catalogue.objects.using(using).filter(code=data["code"], version=data["version"]).first()
        if existing is not None:
            if existing.content_hash != digest:
                raise ReferenceDataError(
                    f"{data['code']} {data['version']} changed since it was loaded: give it a new version"
                )
            continue
        catalogue = Catalogue.objects.using(using).create(
            code=data["code"], version=data["version"], name=data["name"], content_hash=digest
        )
        entries = [
            CatalogueEntry(
                catalogue=catalogue,
                ref=str(entry["ref"]),
                kind=kind,
                theme=entry.get("theme", ""),
                key=entry.get("key", ""),
                title=entry["title"],
                position=position,
            )
            for position, (group, kind, entry) in enumerate(
                (group, kind, entry) for group, kind in ENTRY_KINDS.items() for entry in data.get(group, [])
            )
        ]
        CatalogueEntry.objects.using(using).bulk_create(entries)
        created.append((catalogue, data))
        loaded.append(f"{data['code']} {data['version']}")
    for catalogue, data in created:
        _map(catalogue, data, using)
    for data in matrix_data():
        try:
            matrix_check(data)
        except MatrixError as error:
            raise ReferenceDataError(str(error)) from error
        digest = content_hash(data)
        existing_matrix = (
            RiskMatrix.objects.using(using).filter(code=data["code"], version=data["version"]).first()
        )
        if existing_matrix is not None:
            if existing_matrix.content_hash != digest:
                raise ReferenceDataError(
                    f"matrix {data['code']} v{data['version']} changed: give it a new version"
                )
            continue
        if data.get("default"):
            RiskMatrix.objects.using(using).update(is_default=False)
        RiskMatrix.objects.using(using).create(
            code=data["code"],
            version=data["version"],
            name=data["name"],
            kind=data["kind"],
            definition=data,
            content_hash=digest,
            is_default=bool(data.get("default")),
        )
        loaded.append(f"matrix {data['code']} v{data['version']}")
    return loaded


def _map(catalogue: Catalogue, data: dict, using: str) -> None:
    target = data.get("maps_to_catalogue")
    if not target:
        return
    targets = {
        entry.ref: entry
        for entry in CatalogueEntry.objects.using(using).filter(
            catalogue__code=target["code"], catalogue__version=target["version"]
        )
    }
    through = CatalogueEntry.maps_to.through
    links = []
    entries = {entry.ref: entry for entry in catalogue.entries.using(using).all()}
    for spec in data.get("requirements", []) + data.get("controls", []):
        for ref in spec.get("maps_to", []):
            if ref not in targets:
                raise ReferenceDataError(
                    f"{data['code']} {spec['ref']}: maps to unknown {target['code']} {ref}"
                )
            links.append(
                through(from_catalogueentry=entries[str(spec["ref"])], to_catalogueentry=targets[ref])
            )
    through.objects.using(using).bulk_create(links)
