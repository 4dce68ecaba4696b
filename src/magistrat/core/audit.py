"""The audit trail: one function writes to it (`log_action`), one checks it (`verify_chain`).

Each entry's hash is an HMAC under AUDIT_KEY over its content and the previous hash (decision
0007); `core.audit_anchors` records signed anchors outside the database and checks them.

Who and from where come from the request being served (set by RequestContextMiddleware) unless
the caller says otherwise, so services do not have to pass the request around.
"""

import contextvars
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from magistrat.core.audit_entry import AuditEntry, AuditTrailError, audit_key, audit_value

# PostgreSQL advisory lock key that serialises appends to the hash chain ("MAGISTRA" in hex-ish).
_CHAIN_LOCK_KEY = 0x4D41474953545241


@dataclass(frozen=True)
class RequestContext:
    user: Any = None
    ip_address: str | None = None


_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "audit_context",
    default=RequestContext(),  # noqa: B039 - a frozen dataclass, immutable
)


@contextmanager
def audit_context(*, user=None, ip_address: str | None = None) -> Iterator[None]:
    """Attribute every entry written inside the block to `user` from `ip_address`."""
    token = _context.set(RequestContext(user=user, ip_address=ip_address))
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> RequestContext:
    return _context.get()


# Details under keys like these never reach the trail, whoever passes them (house style: masked).
_SECRET_KEY_NAMES = re.compile(r"password|secret|token|api_?key|backup_codes?|otp", re.IGNORECASE)


def mask_secrets(value: Any) -> Any:
    """`value` with every dictionary entry whose key names a secret replaced by "***"."""
    if isinstance(value, dict):
        return {
            key: "***" if _SECRET_KEY_NAMES.search(str(key)) else mask_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask_secrets(item) for item in value]
    return value


def object_label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _lock_chain() -> None:
    # On SQLite the IMMEDIATE transaction already holds the database's write lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _actor_fields(user) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"actor_id": None, "actor_name": ""}
    return {"actor_id": user.pk, "actor_name": f"{user.get_username()} ({user.get_full_name()})".strip()}


def build_entry(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    data: dict | None = None,
    user=None,
    ip_address: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """An unsaved entry; `append_entries` chains and stores it. Most code calls `log_action`."""
    context = current_context()
    user = user if user is not None else context.user
    ip_address = ip_address if ip_address is not None else context.ip_address
    if ip_address and ":" in ip_address:  # store (and hash) the form the database returns
        ip_address = clean_ipv6_address(ip_address)
    if obj is not None and "." not in action:
        action = f"{object_label(obj)}.{action}"
    return AuditEntry(
        created_at=at or timezone.now(),
        action=action,
        object_type=object_label(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=audit_value(changes or {}),
        data=audit_value(mask_secrets(data or {})),
        ip_address=ip_address,
        **_actor_fields(user),
    )


def append_entries(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Chain and store entries in the given order (which should be the order of their times)."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        prev_hash = last or AuditEntry.GENESIS_HASH
        key = audit_key()
        for entry in entries:
            entry.prev_hash = prev_hash
            entry.hash_version = AuditEntry.HASH_HMAC
            entry.hash = entry.compute_hash(key)
            prev_hash = entry.hash
        return AuditEntry.objects.bulk_create(entries, batch_size=500)


def log_action(
    obj: models.Model | None,
    action: str,
    *,
    user=None,
    changes: dict | None = None,
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. `action` is "app.model.verb"; a bare verb is prefixed with the object's label."""
    entry = build_entry(action=action, obj=obj, changes=changes, data=data, user=user, ip_address=ip_address)
    return append_entries([entry])[0]


def log_many(objects: Iterable[Any], action: str, *, user=None, at: datetime | None = None) -> int:
    """One "created" entry per `Audited` object, in a single chained batch (imports, demo seeding)."""
    entries = []
    for obj in objects:
        changes = {name: [None, value] for name, value in obj.audit_values().items() if value is not None}
        entries.append(build_entry(action=action, obj=obj, changes=changes, user=user, at=at))
    return len(append_entries(entries))


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    last_id: int = 0  # the last entry checked
    head_hash: str = AuditEntry.GENESIS_HASH
    legacy: int = 0  # entries hashed before the chain was keyed (plain SHA-256)
    last_legacy_id: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(
    *,
    batch_size: int = 5000,
    key: bytes | None = None,
    after: AuditEntry | None = None,
    visit: Callable[[AuditEntry, int], None] | None = None,
) -> ChainReport:
    """Walk the chain from the first entry (or from the entry `after`, taken as sound): report the
    first entry whose link, hash or HMAC is wrong. `visit(entry, count)` sees every sound entry with
    the number of entries walked so far (anchors are checked against it)."""
    prev_hash = after.hash if after is not None else AuditEntry.GENESIS_HASH
    keyed = after is not None and after.hash_version != AuditEntry.HASH_SHA256
    last_id = after.id if after is not None else 0
    checked = legacy = last_legacy_id = 0

    def report(broken_at: int | None = None, reason: str = "") -> ChainReport:
        return ChainReport(checked, broken_at, reason, last_id, prev_hash, legacy, last_legacy_id)

    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return report()
        for entry in batch:
            if entry.prev_hash != prev_hash:
                return report(entry.id, "previous-hash link does not match the entry before it")
            if entry.hash_version == AuditEntry.HASH_SHA256:
                if keyed:  # an attacker without the key would fall back to the unkeyed hash
                    return report(entry.id, "unkeyed hash after keyed entries: the chain was recomputed")
                legacy, last_legacy_id = legacy + 1, entry.id
            else:
                keyed = True
                key = key or audit_key()
            try:
                computed = entry.compute_hash(key)
            except AuditTrailError as exc:
                return report(entry.id, str(exc))
            if computed != entry.hash:
                return report(
                    entry.id,
                    "content does not match its hash (the entry was altered, or the chain was "
                    "recomputed without the key)",
                )
            prev_hash = entry.hash
            checked += 1
            last_id = entry.id
            if visit is not None:
                visit(entry, checked)


def set_related(obj: models.Model, field: str, items: Iterable[models.Model]) -> bool:
    """Set a many-to-many field and record what changed: such writes bypass save() and its entry."""
    items = list(items)
    manager = getattr(obj, field)
    before = {item.pk: str(item) for item in manager.all()}
    after = {item.pk: str(item) for item in items}
    if before.keys() == after.keys():
        return False
    manager.set(list(after))
    data = {
        "field": field,
        "added": sorted(after[pk] for pk in after.keys() - before.keys()),
        "removed": sorted(before[pk] for pk in before.keys() - after.keys()),
    }
    log_action(obj, "related_changed", data=data)
    return True
