"""What other modules do when a version of a controlled document reaches positions: a registry they
fill from their `AppConfig.ready()` (the quality module knows none of them, `tests/test_layers.py`).

A current version reaches the positions the document is addressed to when it takes effect, and a
position added to the distribution of a document in force. The competence module then raises a
training need for everyone holding those positions (ISO 9001 7.2–7.3: people are made competent
in, and aware of, what is new or changed). A follower runs inside the transaction of the change,
so the change and what follows from it are saved together or not at all.
"""

from collections.abc import Callable, Iterable

# follower(version, position_ids, by): `by` is who made the change, None for the daily job
Follower = Callable[..., object]

_followers: list[Follower] = []


def on_positions_reached(follower: Follower) -> Follower:
    if follower not in _followers:
        _followers.append(follower)
    return follower


def positions_reached(version, position_ids: Iterable[int], *, by=None) -> None:
    position_ids = sorted(set(position_ids))
    if position_ids:
        for follower in _followers:
            follower(version, position_ids, by=by)
