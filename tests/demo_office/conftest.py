"""The tests that read the demo office share one: the small demo (seed 7) is seeded once for this
package, inside a transaction rolled back after its last test, and each test runs in a savepoint
of it (pytest-django's `db`), so what a test changes is undone before the next one.

Seeding takes about 20 s; done once instead of once per test, it keeps the suite's time flat as
modules add their seeders. Tests that must seed themselves (another seed, the demo command, the
anchor written on commit) stay in their module's folder.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase, override_settings

from magistrat.core.demo import DemoLogin


@dataclass(frozen=True)
class DemoOffice:
    logins: list[DemoLogin]
    first_entry_id: int  # the first audit entry the seeding wrote (migrate writes some before)
    on_commit: list[Callable]  # what the seeding asked to run on commit (never committed here)

    def login(self, role: str) -> DemoLogin:
        return next(login for login in self.logins if login.role == role)


def pytest_collection_modifyitems(items):
    """With several workers (pytest-xdist `--dist loadgroup`), this package's tests go to one worker,
    one after the other, so the office is seeded once, not once per module a worker takes."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("demo_office"))


@pytest.fixture(scope="package")
def _demo_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-office")


def _demo_settings(directory):
    """Where the seeded files and anchors go: one folder for the package, never the real DATA_DIR."""
    return {
        "MEDIA_ROOT": directory / "media",
        "AUDIT_ANCHOR_FILE": str(directory / "audit-anchors.jsonl"),
        "ALLOWED_HOSTS": ["testserver", "localhost", "127.0.0.1"],
    }


@pytest.fixture(scope="package")
def demo_office(django_db_setup, django_db_blocker, _demo_dir):
    from magistrat.core.demo import seed_demo
    from magistrat.core.models import AuditEntry

    with override_settings(**_demo_settings(_demo_dir)), django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with TestCase.captureOnCommitCallbacks() as on_commit:
            logins = seed_demo(seed=7, small=True)
        yield DemoOffice(logins=logins, first_entry_id=before + 1, on_commit=on_commit)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _test_settings(settings, demo_office, _demo_dir):
    """Replaces the suite's per-test folders (tests/conftest.py) with the package's, where the demo's
    uploads are."""
    for name, value in _demo_settings(_demo_dir).items():
        setattr(settings, name, value)
    cache.clear()
