"""The numbers the trainings work by (competence/data/training_policy.yaml), the mandatory-training
rules (data/mandatory_trainings.yaml) and the training-leave maxima (data/training_leave.yaml):
reference data with their reasons and legal bases, not literals spread across modules."""

from functools import cache

from django.utils.translation import get_language

from magistrat.core.reference import load_yaml


@cache
def rules() -> dict[str, dict]:
    return load_yaml("competence", "training_policy.yaml")["rules"]


def value(name: str) -> int:
    """e.g. `value("certificate_warn_days")` → 60."""
    return int(rules()[name]["value"])


@cache
def mandatory_data() -> dict:
    return load_yaml("competence", "mandatory_trainings.yaml")


@cache
def leave_data() -> dict:
    return load_yaml("competence", "training_leave.yaml")


def localized(names: dict) -> str:
    """The Polish or English name of a {pl:…, en:…} entry, in the active language."""
    return names.get((get_language() or "pl")[:2], names.get("pl", ""))


def leave_kinds() -> dict[str, dict]:
    return leave_data()["kinds"]


def leave_choices() -> list[tuple[str, str]]:
    return [(code, localized(kind["name"])) for code, kind in leave_kinds().items()]
