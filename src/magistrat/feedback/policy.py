"""The numbers the ratings module works by (validity of links, windows, limits), each with its
reason, in feedback/data/policy.yaml: reference data, not literals spread across modules."""

from functools import cache

from magistrat.core.reference import load_yaml


@cache
def rules() -> dict[str, dict]:
    """Every rule as {"value": …, "unit": …, "reason": …}, by name."""
    return load_yaml("feedback", "policy.yaml")["rules"]


def value(name: str) -> int:
    """The value of one rule, e.g. `value("post_case_valid_days")` → 30."""
    return int(rules()[name]["value"])
