"""Benchmark: how long the demo office takes to prepare from nothing, and a second (reuse) run.

Target (issue: foundation): the whole demo ready in under 60 s on a 2-core machine; the second run
fast (no re-seeding). Run: .venv/bin/python bench/demo_seed.py
"""

import os
import subprocess
import sys
import tempfile
import time


def run(data_dir: str, *extra: str) -> float:
    env = {**os.environ, "DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "magistrat", "demo", "--no-serve", *extra],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        first = run(data_dir, "--reset")
        second = run(data_dir)
        env = {**os.environ, "DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        counts = subprocess.run(
            [
                sys.executable,
                "-m",
                "magistrat",
                "shell",
                "-v",
                "0",
                "-c",
                "from magistrat.org.models import Unit, Staff; from magistrat.core.models import AuditEntry; "
                "from magistrat.registers.models import Complaint; "
                "from magistrat.feedback.models import Response; "
                "print(Unit.objects.count(), Staff.objects.count(), AuditEntry.objects.count(), "
                "Complaint.objects.count(), Response.objects.count())",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    verdict = "OK" if first < 60 else "SLOW"
    print(f"demo from nothing (migrate + seed): {first:6.1f} s   target < 60 s   {verdict}")
    print(f"demo second run (reuse):            {second:6.1f} s")
    print(
        f"seeded: {counts[0]} units, {counts[1]} staff, {counts[2]} audit entries, "
        f"{counts[3]} complaints and motions, {counts[4]} ratings"
    )


if __name__ == "__main__":
    main()
