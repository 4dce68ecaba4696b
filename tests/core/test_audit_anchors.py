"""The keyed chain and its signed anchors (decision 0007): what a database writer can no longer hide."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from magistrat.core.audit import build_entry, log_action, verify_chain
from magistrat.core.audit_anchors import (
    AnchorRefused,
    anchor_path,
    anchor_write,
    audit_anchor,
    read_anchors,
    verify_trail,
)
from magistrat.core.checks import production_problems
from magistrat.core.models import AuditEntry
from magistrat.core.scheduling import scheduled_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_trail(db):
    """Migrations leave entries (reference data); these tests count from an empty trail."""
    ids = list(AuditEntry.objects.values_list("id", flat=True))
    if ids:
        _raw_delete(ids)


def _entries(count: int) -> list[AuditEntry]:
    return [log_action(None, "test.event", data={"n": n}) for n in range(count)]


def _allow_raw_writes() -> None:
    """An attacker with database rights: on PostgreSQL they can switch the append-only trigger off."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")


def _raw_delete(ids: list[int]) -> None:
    _allow_raw_writes()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM core_auditentry WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
            ids,
        )


def _raw_set(entry_id: int, **values) -> None:
    _allow_raw_writes()
    sets = ", ".join(f"{column} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditentry SET {sets} WHERE id = %s", [*values.values(), entry_id])  # noqa: S608


def _recompute_from(entry_id: int, *, key: bytes | None = None, version: int | None = None) -> None:
    """Rewrite every hash from `entry_id` on, as an attacker would after changing that entry:
    without the key (plain SHA-256, keeping or dropping the version) or with it (`key`)."""
    entries = list(AuditEntry.objects.order_by("id"))
    prev_hash = AuditEntry.GENESIS_HASH
    for entry in entries:
        if entry.id >= entry_id:
            entry.prev_hash = prev_hash
            if version is not None:
                entry.hash_version = version
            if key is not None:
                new_hash = entry.compute_hash(key)
            else:
                new_hash = hashlib.sha256(entry.canonical_payload()).hexdigest()
            _raw_set(entry.id, prev_hash=entry.prev_hash, hash=new_hash, hash_version=entry.hash_version)
            entry.hash = new_hash
        prev_hash = entry.hash


def test_new_entries_are_keyed_and_a_plain_hash_does_not_verify(settings):
    entry = log_action(None, "test.event")
    assert entry.hash_version == AuditEntry.HASH_HMAC
    assert entry.hash != hashlib.sha256(entry.canonical_payload()).hexdigest()
    assert entry.hash == entry.compute_hash(settings.AUDIT_KEY.encode())
    assert entry.hash != entry.compute_hash(b"another key")


def test_writing_without_a_key_is_refused(settings):
    settings.AUDIT_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_KEY"):
        log_action(None, "test.event")


def test_entries_from_before_the_key_still_verify_but_cannot_follow_keyed_ones():
    legacy = [build_entry(action="test.event", data={"n": n}) for n in range(3)]
    prev_hash = AuditEntry.GENESIS_HASH
    for entry in legacy:  # as version 1 wrote them: plain SHA-256
        entry.prev_hash, entry.hash_version = prev_hash, AuditEntry.HASH_SHA256
        entry.hash = prev_hash = entry.compute_hash()
    AuditEntry.objects.bulk_create(legacy)
    keyed = _entries(2)
    report = verify_chain()
    assert report.ok and report.checked == 5 and report.legacy == 3
    assert report.last_legacy_id == max(e.id for e in AuditEntry.objects.filter(hash_version=1))

    # Downgrading a keyed entry to the unkeyed hash (to recompute without the key) is refused…
    _recompute_from(keyed[1].id, version=AuditEntry.HASH_SHA256)
    report = verify_chain()
    assert report.broken_at == keyed[1].id and "unkeyed" in report.reason


def test_a_whole_chain_downgraded_to_the_unkeyed_hash_breaks_the_anchors():
    """…and so is downgrading every entry, once an anchor holds the keyed head."""
    entries = _entries(4)
    anchor_write()
    _raw_set(entries[1].id, object_repr="forged")
    _recompute_from(entries[0].id, version=AuditEntry.HASH_SHA256)
    assert verify_chain().ok  # an all-unkeyed chain links up: only the anchor can tell
    report = verify_trail()
    assert not report.ok and report.problems[0].startswith(f"rewritten: entry {entries[-1].id}")


@pytest.mark.parametrize("version", [None, 1], ids=["same-version", "downgraded"])
def test_a_chain_recomputed_without_the_key_is_detected(version):
    entries = _entries(5)
    _raw_set(entries[2].id, object_repr="forged")
    _recompute_from(entries[2].id, version=version)
    report = verify_chain()
    assert not report.ok
    assert report.broken_at == entries[2].id
    with pytest.raises(CommandError, match=f"BROKEN at entry {entries[2].id}"):
        call_command("verify_audit")


def test_removing_the_newest_entries_is_reported_as_truncation(capsys):
    entries = _entries(6)
    anchor = anchor_write()
    assert anchor is not None and anchor.last_id == entries[-1].id and anchor.count == 6
    _raw_delete([entries[-1].id, entries[-2].id])

    assert verify_chain().ok  # the chain alone cannot show it: what is left still links up
    report = verify_trail()
    assert not report.ok
    assert report.problems == [
        f"truncated: anchor of {anchor.local_time} names entry {entries[-1].id} which is missing "
        f"(the newest entry is {entries[-3].id})"
    ]
    with pytest.raises(
        CommandError, match=f"truncated: anchor of .* names entry {entries[-1].id} which is missing"
    ):
        call_command("verify_audit")


def test_a_chain_rewritten_with_the_key_still_breaks_the_anchors():
    """Even the key holder cannot remove an entry unseen once an anchor counted it."""
    from django.conf import settings

    entries = _entries(5)
    anchor = anchor_write()
    _raw_delete([entries[1].id])
    _recompute_from(entries[2].id, key=settings.AUDIT_KEY.encode())
    assert verify_chain().ok
    report = verify_trail()
    assert [problem.split(":")[0] for problem in report.problems] == ["rewritten"]
    assert str(anchor.last_id) in report.problems[0]


def test_a_tampered_anchor_line_is_detected():
    _entries(3)
    anchor_write()
    path = anchor_path()
    line = json.loads(path.read_text(encoding="utf-8"))
    line["count"] = 2  # "the trail had 2 entries": to cover a removal
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    anchors, problems = read_anchors()
    assert anchors == []
    assert problems == ["anchor file line 1: the signature does not match (line altered)"]
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("verify_audit")

    path.write_text("not json\n", encoding="utf-8")
    assert read_anchors()[1] == ["anchor file line 1 is not a valid anchor"]


def test_an_anchor_is_not_written_over_a_broken_chain():
    _entries(4)
    anchor_write()
    newer = log_action(None, "test.event")
    _raw_set(newer.id, object_repr="forged")
    with pytest.raises(AnchorRefused, match=f"entry {newer.id}"):
        anchor_write()
    assert len(read_anchors()[0]) == 1


def test_verify_audit_reports_and_anchors(capsys):
    _entries(3)
    call_command("verify_audit")
    captured = capsys.readouterr()
    assert (
        "Audit trail intact: 3 entries verified (3 keyed, 0 from before the key); no anchors yet."
        in captured.out
    )
    assert "warning: no anchors yet" in captured.err

    call_command("verify_audit", anchor=True)
    assert "Anchored 3 entries up to entry" in capsys.readouterr().out
    call_command("verify_audit", anchor=True)
    out = capsys.readouterr().out
    assert "1 anchors hold" in out and "Nothing new to anchor." in out
    line = json.loads(anchor_path().read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"time", "count", "last_id", "head_hash", "signature"}


def test_the_worker_anchors_every_hour(tmp_path, settings):
    job = next(job for job in scheduled_jobs() if job.name == "audit-anchor")
    assert job.every_minutes is not None and job.every_minutes <= 24 * 60
    _entries(2)
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "elsewhere" / "anchors.jsonl")
    result = audit_anchor.call()
    assert result["count"] == 2
    assert Path(settings.AUDIT_ANCHOR_FILE).exists()
    assert verify_trail().ok


def test_production_refuses_to_start_without_an_audit_key(settings):
    settings.AUDIT_KEY, settings.AUDIT_KEY_SOURCE = "generated-in-data-dir-" * 3, "generated"
    assert any(problem.startswith("AUDIT_KEY is missing") for problem in production_problems())
    settings.AUDIT_KEY, settings.AUDIT_KEY_SOURCE = "", "missing"
    assert any(problem.startswith("AUDIT_KEY is missing") for problem in production_problems())
    settings.AUDIT_KEY, settings.AUDIT_KEY_SOURCE = "k" * 48, "file"
    assert not any("AUDIT_KEY" in problem for problem in production_problems())
    settings.SECRET_KEY = settings.AUDIT_KEY
    assert "AUDIT_KEY must differ from SECRET_KEY." in production_problems()


def test_the_key_comes_from_the_environment_or_a_file(monkeypatch, tmp_path):
    from magistrat import settings as magistrat_settings

    monkeypatch.setenv("AUDIT_KEY", "from-the-environment")
    assert magistrat_settings._key("AUDIT_KEY") == ("from-the-environment", "env")
    monkeypatch.delenv("AUDIT_KEY")
    (tmp_path / "key").write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("AUDIT_KEY_FILE", str(tmp_path / "key"))
    assert magistrat_settings._key("AUDIT_KEY") == ("from-a-file", "file")
    monkeypatch.delenv("AUDIT_KEY_FILE")
    monkeypatch.setattr(magistrat_settings, "PRODUCTION", True)
    assert magistrat_settings._key("AUDIT_KEY") == ("", "missing")
    monkeypatch.setattr(magistrat_settings, "PRODUCTION", False)
    monkeypatch.setattr(magistrat_settings, "DATA_DIR", tmp_path)
    key, source = magistrat_settings._key("AUDIT_KEY")
    assert source == "generated" and len(key) >= 32
    assert (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600
    assert magistrat_settings._key("AUDIT_KEY") == (key, "generated")  # kept, not regenerated
