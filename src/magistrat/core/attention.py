"""The staff home page's "needs your attention" list, filled in by every module.

A module registers a provider: a function that takes a user and returns `AttentionItem`s that
this user should act on (items due, items to approve). Providers must scope by permission.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from magistrat.core.deadlines import Status


@dataclass(frozen=True)
class AttentionItem:
    title: str
    url: str
    module: str
    kind: str = "todo"  # "due", "approve" or "todo"
    due: datetime | None = None
    status: Status | None = None
    detail: str = ""


Provider = Callable[[object], Iterable[AttentionItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def attention_for(user) -> list[AttentionItem]:
    items = [item for provider in _providers for item in provider(user)]
    urgency = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.OPEN: 2}
    return sorted(
        items,
        key=lambda i: (
            urgency.get(i.status, 3) if i.status else 3,
            i.due is None,
            i.due or datetime.max.replace(tzinfo=UTC),
            i.title,
        ),
    )
