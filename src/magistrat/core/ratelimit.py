"""A fixed-window rate limit on the shared cache (Redis when configured)."""

import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int, cost: int = 1) -> bool:
    """Count `cost` hits for `key`; False once more than `limit` hits fell in the current window."""
    bucket = f"ratelimit:{key}:{int(time.time() // window_seconds)}"
    cache.add(bucket, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(bucket, cost)
    except ValueError:  # expired between add and incr
        cache.set(bucket, cost, timeout=window_seconds + 5)
        count = cost
    return count <= limit
