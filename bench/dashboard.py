"""Benchmark: the satisfaction dashboard with 2 million ratings on PostgreSQL.

Target (issue: resident service): every dashboard view and filter answers with p95 under 300 ms.
Prepares a fresh PostgreSQL database with the demo office and `generate_ratings --count N`, then
requests every grouping × period × channel combination, unit and comment filters and the ratings
list through Django's test client as a quality manager (office-wide scope) and as a unit head,
and prints p50/p95 per page. `generate_ratings` builds the daily rollups the dashboard reads;
today's ratings are always counted live.

Run: .venv/bin/python bench/dashboard.py [--count 2000000] [--repeat 5] [--reuse]
Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/magistrat_bench_dash).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/magistrat_bench_dash")


def prepare(count: int) -> None:
    name = DB_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"} | {"DATABASE_URL": DB_URL}
    seed = "from magistrat.core.demo import seed_demo; seed_demo(seed=1, small=True)"
    subprocess.run([sys.executable, "-m", "magistrat", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([sys.executable, "-m", "magistrat", "shell", "-v", "0", "-c", seed], env=env, check=True)
    subprocess.run(
        [sys.executable, "-m", "magistrat", "generate_ratings", "--count", str(count)], env=env, check=True
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", "VACUUM ANALYZE"], check=True
    )


def measure(repeat: int) -> None:
    os.environ.update(
        DATABASE_URL=DB_URL,
        DJANGO_SETTINGS_MODULE="magistrat.settings",
        DATA_DIR=tempfile.mkdtemp(),
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from magistrat.feedback.models import Response
    from magistrat.org.models import RoleAssignment

    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"ratings in the database: {Response.objects.count():,}")
    users = {
        "quality manager (office)": RoleAssignment.objects.filter(role="quality_manager").first().user,
        "unit head (one unit)": RoleAssignment.objects.filter(role="unit_head", unit__code="KM-01")
        .first()
        .user,
    }
    worst = 0.0
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        client.get("/feedback/")  # warm-up: templates, translations, connections
        urls = [
            f"/feedback/?group={group}&days={days}&channel={channel}"
            for group in ("unit", "point", "service", "month", "week", "channel")
            for days in ("7", "30", "90", "365")
            for channel in ("", "kiosk")
        ]
        urls += [  # a unit's subtree, the comment stream's filters, the ratings and comments list
            "/feedback/?group=point&days=365&unit=KM",
            "/feedback/?group=month&days=365&scores=low&q=kolejce",
            "/feedback/?group=week&days=90&unit=KM-01&scores=high",
            "/feedback/ratings/?days=30",
            "/feedback/ratings/?days=365&comments=1&scores=low",
            "/feedback/ratings/?days=90&unit=KM&channel=qr&q=formularz",
        ]
        for url in urls:
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url, HTTP_HX_REQUEST="true")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            worst = max(worst, p95)
            print(f"{who:26} {url:58} p50 {statistics.median(times):5.0f} ms  p95 {p95:5.0f} ms")
    print(f"worst p95: {worst:.0f} ms (target < 300 ms: {'OK' if worst < 300 else 'NOT MET'})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the database prepared by an earlier run")
    args = parser.parse_args()
    if not args.reuse:
        prepare(args.count)
    measure(args.repeat)


if __name__ == "__main__":
    main()
