"""Seeding the demo office: each module registers a seeder (`register_seeder`, from its
`AppConfig.ready()`), run in order on one shared context.

A seeder creates its objects (recording their creation at `went_live` with `log_many`) and adds
what happened later as audit entries to `context.events`; they are chained in time order at the
end, so the demo's audit trail reads like two years of real use and still verifies. An entry names
the person who acted, the same person the record names (who closed, approved, signed off):
history entries pass `user=`, live seeders act inside `audit_context(user=…)` of that person.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from magistrat.core.audit import append_entries, audit_context
from magistrat.core.deadlines import WARSAW
from magistrat.core.models import AuditEntry


@dataclass(frozen=True)
class Seeder:
    path: str  # dotted path of a function taking the DemoContext
    order: int
    # Live seeders write through the services as users would today: they run after the history of
    # the others is in the audit trail, so the trail stays in time order.
    live: bool = False


_seeders: dict[str, Seeder] = {}


def register_seeder(path: str, *, order: int, live: bool = False) -> None:
    """Add an app's seeder (from its `AppConfig.ready()`; core knows no app). Seeders run by `order`,
    history before live; they share one random generator and hand each other what they made
    (`context.shared`: the organisation's units and heads come first), so the order is part of the
    demo office: changing it changes the office a seed gives."""
    known = _seeders.get(path)
    seeder = Seeder(path, order, live)
    if known is not None and known != seeder:
        raise ImproperlyConfigured(f"Demo seeder {path!r} is registered twice, differently.")
    _seeders[path] = seeder


def registered_seeders(*, live: bool) -> list[str]:
    """The dotted paths of the history (live=False) or live seeders, in the order they run."""
    return [seeder.path for seeder in sorted(_seeders.values(), key=lambda s: s.order) if seeder.live == live]


@dataclass
class DemoLogin:
    username: str
    role: str
    password: str
    backup_codes: list[str] = field(default_factory=list)


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    went_live: datetime
    logins: list[DemoLogin] = field(default_factory=list)
    events: list[AuditEntry] = field(default_factory=list)
    shared: dict = field(default_factory=dict)  # what one seeder hands to the next (units, heads, …)
    small: bool = False  # a lighter office for tests: fewer ratings and events, same structure


@transaction.atomic
def seed_demo(*, seed: int = 2026, today: date | None = None, small: bool = False) -> list[DemoLogin]:
    today = today or timezone.localdate()
    # The office "went live" two years ago: the seed is recorded then, followed by two years of use.
    context = DemoContext(
        rng=random.Random(seed),
        today=today,
        went_live=datetime.combine(today - timedelta(days=730), time(8, 0), tzinfo=WARSAW),
        small=small,
    )
    with audit_context(user=None):
        for path in registered_seeders(live=False):
            import_string(path)(context)
        append_entries(sorted(context.events, key=lambda entry: entry.created_at))
        for path in registered_seeders(live=True):
            import_string(path)(context)
    # The seeded trail gets its first signed anchor once it is committed (decision 0007).
    transaction.on_commit(_anchor)
    return context.logins


def _anchor() -> None:
    from magistrat.core.audit_anchors import anchor_write

    anchor_write(verify=False)  # just written by this process; `verify-audit` checks it all
