"""Reference and demo data shipped in the package as YAML files (in each app's data/ folder)."""

import hashlib
import json
from importlib import resources

import yaml
from django.utils.translation import get_language


def data_text(app: str, name: str) -> str:
    return resources.files(f"magistrat.{app}").joinpath(f"data/{name}").read_text(encoding="utf-8")


def content_hash(data) -> str:
    """SHA-256 of JSON-like data, independent of key order: tells whether reference data changed."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def load_yaml(app: str, name: str):
    """`load_yaml("core", "roles.yaml")` reads src/magistrat/core/data/roles.yaml."""
    return yaml.safe_load(data_text(app, name))


def localized(texts: dict) -> str:
    """The text of a {"pl": …, "en": …} mapping in the current language, else Polish, else any."""
    return texts.get((get_language() or "pl")[:2]) or texts.get("pl") or next(iter(texts.values()), "")
