"""The numbers the newsroom's outbox works by, each with its reason, in comms/data/policy.yaml."""

from datetime import timedelta
from functools import cache

from magistrat.core.reference import load_yaml


@cache
def rules() -> dict[str, dict]:
    return load_yaml("comms", "policy.yaml")["rules"]


def value(name: str) -> int:
    return int(rules()[name]["value"])


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt after `attempts` failed ones (1 → base, 2 → base × factor …)."""
    seconds = value("backoff_base_seconds") * value("backoff_factor") ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, value("backoff_max_seconds")))
