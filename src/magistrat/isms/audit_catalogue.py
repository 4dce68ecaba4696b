"""ISO/IEC 27001:2022 for internal audits: the ISMS registers its clauses 4–10 and the Annex A
controls, from its own reference data (`isms/data/catalogues/iso27001-2022.yaml`), as a clause
catalogue of the audits module (`audits/catalogues.py`), so one audit engine serves both systems."""

from magistrat.audits.catalogues import CatalogueSpec, register_catalogue
from magistrat.core.reference import load_yaml

FILE = "catalogues/iso27001-2022.yaml"


def _entries() -> list[dict]:
    data = load_yaml("isms", FILE)
    clauses = [{"ref": str(c["ref"]), "title": c["title"]} for c in data["clauses"]]
    themes = data.get("themes", {})
    controls = [
        {"ref": str(c["ref"]), "title": c["title"], "group": themes.get(c["theme"], {})}
        for c in data["controls"]
    ]
    return clauses + controls


def register() -> None:
    data = load_yaml("isms", FILE)
    register_catalogue(
        CatalogueSpec(code=data["code"], version=str(data["version"]), name=data["name"], entries=_entries)
    )
