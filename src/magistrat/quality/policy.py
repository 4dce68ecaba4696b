"""The numbers the quality module works by, each with its reason, in quality/data/policy.yaml:
reference data, not literals spread across modules (as `feedback/policy.py`)."""

from functools import cache

from magistrat.core.reference import load_yaml


@cache
def rules() -> dict[str, dict]:
    """Every rule as {"value": …, "unit": …, "reason": …}, by name."""
    return load_yaml("quality", "policy.yaml")["rules"]


def value(name: str) -> int:
    """The value of one rule, e.g. `value("effectiveness_check_days")` → 60."""
    return int(rules()[name]["value"])
