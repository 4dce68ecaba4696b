"""Signed anchors of the audit trail, kept where the database cannot reach (decision 0007).

The hash chain shows an entry changed or removed in the middle, and its HMAC shows a chain
recomputed without the key, but nothing inside the database shows that its newest entries were
removed. An anchor is a line `{"time", "count", "last_id", "head_hash", "signature"}` appended to
`AUDIT_ANCHOR_FILE` (default `DATA_DIR/audit-anchors.jsonl`): how many entries the trail had up to
which entry, and that entry's hash, signed with the audit key. The worker appends one every hour
(`core.scheduling`), `magistrat verify-audit --anchor` and the demo seeding append one too, and each
is written to the log (logger `magistrat.audit`), so a log collector keeps a copy off the server.
`verify_trail` walks the chain once and holds every anchor against it: an anchor naming an entry
that is missing means the trail was truncated.
"""

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from magistrat.core.audit import ChainReport, verify_chain
from magistrat.core.audit_entry import AuditEntry, audit_key

logger = logging.getLogger("magistrat.audit")

# Domain separation: an anchor's signature can never be taken for an entry's HMAC, or back.
_DOMAIN = b"magistrat-audit-anchor-v1\n"


@dataclass(frozen=True)
class Anchor:
    time: str  # ISO 8601, UTC
    count: int  # entries in the trail up to and including last_id
    last_id: int
    head_hash: str  # the hash of entry last_id
    signature: str = ""
    line: int = 0  # where it was read from (1-based), for reports

    def body(self) -> dict:
        return {"time": self.time, "count": self.count, "last_id": self.last_id, "head_hash": self.head_hash}

    def sign(self, key: bytes) -> str:
        canonical = json.dumps(self.body(), sort_keys=True, separators=(",", ":")).encode("utf-8")
        return hmac.new(key, _DOMAIN + canonical, hashlib.sha256).hexdigest()

    def to_line(self) -> str:
        return json.dumps({**self.body(), "signature": self.signature}, separators=(",", ":"))

    @property
    def local_time(self) -> str:
        moment = datetime.fromisoformat(self.time)
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S %Z}"


class AnchorRefused(Exception):
    """The trail does not verify since the last anchor: sealing it now would vouch for tampering."""


def anchor_path() -> Path:
    configured = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.jsonl"


def read_anchors(path: Path | None = None, key: bytes | None = None) -> tuple[list[Anchor], list[str]]:
    """The anchors whose signature holds, in file order, and a problem for every line that does not."""
    path = path or anchor_path()
    if not path.exists():
        return [], []
    key = key or audit_key()
    anchors, problems = [], []
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
                anchor = Anchor(
                    time=str(raw["time"]),
                    count=int(raw["count"]),
                    last_id=int(raw["last_id"]),
                    head_hash=str(raw["head_hash"]),
                    signature=str(raw["signature"]),
                    line=number,
                )
                datetime.fromisoformat(anchor.time)
            except (ValueError, KeyError, TypeError):
                problems.append(f"anchor file line {number} is not a valid anchor")
                continue
            if not hmac.compare_digest(anchor.signature, anchor.sign(key)):
                problems.append(f"anchor file line {number}: the signature does not match (line altered)")
                continue
            anchors.append(anchor)
    return anchors, problems


def _head(now: datetime) -> Anchor | None:
    last = AuditEntry.objects.order_by("-id").only("id", "hash").first()
    if last is None:
        return None
    # Appends are serialised and commit in id order (core.audit._lock_chain), so counting up to the
    # last entry read gives that entry's position even while new entries arrive.
    count = AuditEntry.objects.filter(id__lte=last.id).count()
    return Anchor(
        time=now.astimezone(UTC).isoformat(timespec="seconds"),
        count=count,
        last_id=last.id,
        head_hash=last.hash,
    )


def _check_since(anchor: Anchor) -> None:
    """The trail up to `anchor` is as anchored and every entry after it verifies (raises otherwise)."""
    entry = AuditEntry.objects.filter(id=anchor.last_id).first()
    if entry is None:
        raise AnchorRefused(
            f"truncated: the anchor of {anchor.local_time} names entry {anchor.last_id}, missing"
        )
    if entry.hash != anchor.head_hash:
        raise AnchorRefused(f"entry {anchor.last_id} differs from the anchor of {anchor.local_time}")
    if AuditEntry.objects.filter(id__lte=anchor.last_id).count() != anchor.count:
        raise AnchorRefused(
            f"entries up to {anchor.last_id} were removed since the anchor of {anchor.local_time}"
        )
    report = verify_chain(after=entry)
    if not report.ok:
        raise AnchorRefused(f"entry {report.broken_at}: {report.reason}")


def anchor_write(
    *, path: Path | None = None, now: datetime | None = None, verify: bool = True
) -> Anchor | None:
    """Append a signed anchor of the trail as it is now; None for an empty trail or no change.

    With `verify`, the entries since the newest anchor are checked first (the whole chain when
    there is none) and nothing is written if they do not verify: an anchor must not seal tampering.
    """
    path = path or anchor_path()
    key = audit_key()
    anchors, _problems = read_anchors(path, key)
    newest = anchors[-1] if anchors else None
    with transaction.atomic():
        head = _head(now or timezone.now())
        if head is None:
            return None
        if newest is not None and (newest.last_id, newest.count) == (head.last_id, head.count):
            return None  # nothing appended since: the newest anchor still says it all
        if verify:
            if newest is not None:
                _check_since(newest)
            else:
                report = verify_chain(key=key)
                if not report.ok:
                    raise AnchorRefused(f"entry {report.broken_at}: {report.reason}")
    anchor = Anchor(**{**head.body(), "signature": head.sign(key)})
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write with O_APPEND: concurrent writers never interleave a line, and nothing is rewritten.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (anchor.to_line() + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    logger.info("audit anchor %s", anchor.to_line())
    return anchor


@task()
def audit_anchor() -> dict:
    """Scheduled: anchor the trail (see core.scheduling)."""
    try:
        anchor = anchor_write()
    except AnchorRefused as exc:
        logger.error("audit trail NOT anchored: %s (run magistrat verify-audit)", exc)
        raise
    return anchor.body() if anchor else {}


@dataclass
class TrailReport:
    chain: ChainReport
    anchors: list[Anchor] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # tampering shown by the anchors
    warnings: list[str] = field(default_factory=list)  # nothing wrong found, but less is covered

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems


def _order_problems(anchors: Iterable[Anchor]) -> list[str]:
    problems, previous = [], None
    for anchor in anchors:
        if previous is not None and (anchor.last_id < previous.last_id or anchor.count < previous.count):
            problems.append(
                f"the anchor of {anchor.local_time} covers fewer entries ({anchor.count} up to "
                f"{anchor.last_id}) than the anchor of {previous.local_time} before it ({previous.count} up "
                f"to {previous.last_id})"
            )
        previous = anchor
    return problems


def verify_trail(*, path: Path | None = None) -> TrailReport:
    """Check every entry's link and HMAC, then every anchor against the entries: truncation, rewriting."""
    key = audit_key()
    anchors, problems = read_anchors(path, key)
    wanted = {anchor.last_id for anchor in anchors}
    seen: dict[int, tuple[int, str]] = {}

    def visit(entry: AuditEntry, count: int) -> None:
        if entry.id in wanted:
            seen[entry.id] = (count, entry.hash)

    chain = verify_chain(key=key, visit=visit)
    report = TrailReport(chain=chain, anchors=anchors, problems=problems)
    report.problems += _order_problems(anchors)
    covered = 0
    for anchor in anchors:
        if not chain.ok and anchor.last_id >= (chain.broken_at or 0):
            continue  # beyond the break: the chain report already says what is wrong
        if anchor.last_id not in seen:
            beyond = f" (the newest entry is {chain.last_id})" if anchor.last_id > chain.last_id else ""
            report.problems.append(
                f"truncated: anchor of {anchor.local_time} names entry {anchor.last_id} "
                f"which is missing{beyond}"
            )
            continue
        count, head_hash = seen[anchor.last_id]
        if head_hash != anchor.head_hash:
            report.problems.append(
                f"rewritten: entry {anchor.last_id} does not have the hash the anchor of "
                f"{anchor.local_time} recorded"
            )
        elif count != anchor.count:
            report.problems.append(
                f"truncated: the anchor of {anchor.local_time} counted {anchor.count} entries up to "
                f"{anchor.last_id}, the trail has {count}"
            )
        else:
            covered = max(covered, anchor.last_id)
    if chain.ok and not anchors:
        report.warnings.append(
            "no anchors yet: removal of the newest entries cannot be shown until one is written "
            "(magistrat verify-audit --anchor, or the worker every hour)"
        )
    if chain.ok and chain.last_legacy_id > covered:
        report.warnings.append(
            f"{chain.legacy} entries from before the chain was keyed (up to entry {chain.last_legacy_id}) "
            "are not yet covered by an anchor"
        )
    newest = anchors[-1] if anchors else None
    if chain.ok and newest is not None and chain.last_id > newest.last_id:
        latest = AuditEntry.objects.filter(id=chain.last_id).values_list("created_at", flat=True).first()
        if latest and latest - datetime.fromisoformat(newest.time) > timedelta(days=1):
            report.warnings.append(
                f"the newest anchor is from {newest.local_time}, more than a day before the newest entry: "
                "is the worker running?"
            )
    return report
