"""Reference and demo data shipped in the package as YAML files (in each app's data/ folder)."""

from importlib import resources

import yaml


def data_text(app: str, name: str) -> str:
    return resources.files(f"magistrat.{app}").joinpath(f"data/{name}").read_text(encoding="utf-8")


def load_yaml(app: str, name: str):
    """`load_yaml("core", "roles.yaml")` reads src/magistrat/core/data/roles.yaml."""
    return yaml.safe_load(data_text(app, name))
