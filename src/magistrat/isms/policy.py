"""The numbers the information security module works by, each with its reason, in
isms/data/policy.yaml: reference data, not literals spread across modules."""

from functools import cache

from magistrat.core.reference import load_yaml


@cache
def rules() -> dict[str, dict]:
    """Every rule as {"value": …, "unit": …, "reason": …}, by name."""
    return load_yaml("isms", "policy.yaml")["rules"]


def value(name: str) -> int:
    """The value of one rule, e.g. `value("sign_off_max_days")` → 1098."""
    return int(rules()[name]["value"])
