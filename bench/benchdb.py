"""The database a benchmark script prepares and measures: its own PostgreSQL database beside the one
in DATABASE_URL (or a SQLite file in the data folder), seeded with the small demo office, then
filled by the script's own generator (bench/competence_gap.py, bench/performance_kpis.py,
bench/quality.py); and what they measure pages with: a client signed in with the second factor,
the cold and warm timings of a page on one line, the percentile."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


def arguments(repeat: int = 20) -> argparse.ArgumentParser:
    """The options every prepare-then-measure benchmark takes; each adds the sizes of its data."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=repeat, help="warm requests per page")
    parser.add_argument(
        "--reuse", metavar="DIR", help="measure the database prepared by an earlier run in DIR"
    )
    return parser


@dataclass(frozen=True)
class BenchDatabase:
    pg_name: str  # e.g. "magistrat_bench_kpis"

    def url(self, data_dir: str) -> str:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            return url.rsplit("/", 1)[0] + "/" + self.pg_name
        return f"sqlite:///{data_dir}/bench.sqlite3"

    def environment(self, data_dir: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
        return env | {
            "DATABASE_URL": self.url(data_dir),
            "DJANGO_SETTINGS_MODULE": "magistrat.settings",
            "DATA_DIR": data_dir,
            "LOG_LEVEL": "WARNING",
        }

    def setup_django(self, data_dir: str) -> None:
        os.environ.update(self.environment(data_dir))
        import django

        django.setup()

    def seed_small_demo(self, data_dir: str) -> None:
        """A fresh database (PostgreSQL: dropped and created), migrated, with the small demo office;
        then Django is set up in this process on it."""
        url = self.url(data_dir)
        if url.startswith("postgres"):
            host = url.split("@", 1)[1].split("/", 1)[0].split(":")[0]
            subprocess.run(["dropdb", "-h", host, "-U", "postgres", "--if-exists", self.pg_name], check=True)
            subprocess.run(["createdb", "-h", host, "-U", "postgres", self.pg_name], check=True)
        env = self.environment(data_dir)
        seed = "from magistrat.core.demo import seed_demo; seed_demo(seed=1, small=True)"
        subprocess.run([sys.executable, "-m", "magistrat", "migrate", "-v", "0"], env=env, check=True)
        subprocess.run(
            [sys.executable, "-m", "magistrat", "shell", "-v", "0", "-c", seed], env=env, check=True
        )
        self.setup_django(data_dir)

    def run(self, args, *, prepare, measure, prefix: str) -> None:
        """A benchmark's main: without `--reuse DIR`, `prepare(data_dir)` fills a new data folder's
        database, then the same command measures it with `--reuse` in a fresh process, as a server
        worker would be (not one holding the generator's objects); with it, `measure()`."""
        if args.reuse:
            self.setup_django(args.reuse)
            measure()
            return
        data_dir = tempfile.mkdtemp(prefix=prefix)
        prepare(data_dir)
        print(f"data directory: {data_dir} (rerun with --reuse {data_dir})", flush=True)
        sys.exit(subprocess.run([sys.executable, *sys.argv, "--reuse", data_dir], check=False).returncode)

    @staticmethod
    def analyze() -> None:
        """Fresh planner statistics after generating the data."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def percentile(times: list[float], share: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(share * (len(times) - 1))))]


def signed_in_client(user):
    """Django's test client signed in as `user` with the second factor done (a static device in
    the session), as a member of staff is after signing in."""
    from django.conf import settings
    from django.test import Client
    from django_otp.plugins.otp_static.models import StaticDevice

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(user)
    device = StaticDevice.objects.get_or_create(user=user, name="bench", confirmed=True)[0]
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def time_page(client, label: str, url: str, target_ms: float, repeat: int, width: int = 44) -> bool:
    """One page: the first request (cold), p50/p95 of `repeat` more (warm) and the queries of one,
    printed on one line; True when p95 is under the target."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:  # one more, outside the timings
        client.get(url)
    p95 = percentile(times, 0.95)
    verdict = "OK" if p95 < target_ms else "NOT MET"
    print(
        f"{label:{width}} cold {cold:5.0f} ms  warm p50 {statistics.median(times):5.0f} ms  "
        f"p95 {p95:5.0f} ms  ({len(queries)} queries, {len(response.content) / 1024:,.0f} KiB; "
        f"target < {target_ms:.0f} ms: {verdict})",
        flush=True,
    )
    return verdict == "OK"


def print_verdict(met: list[bool]) -> None:
    print("all targets met" if all(met) else "some targets NOT MET")


def bulk_ratings(count: int, start, rng) -> None:
    """`count` residents' ratings spread over the service points in the two years from `start`
    (CSAT for each, NPS for every third), and the daily roll-ups refreshed."""
    import uuid
    from datetime import date, datetime, timedelta

    from magistrat.core.deadlines import WARSAW
    from magistrat.feedback.models import Response, ServicePoint
    from magistrat.feedback.rollups import refresh

    points = list(ServicePoint.objects.select_related("survey"))
    ratings = []
    for n in range(count):
        point = points[n % len(points)]
        moment = datetime.combine(
            start + timedelta(days=rng.randint(0, 729)), datetime.min.time(), tzinfo=WARSAW
        )
        csat = rng.choice([5, 5, 5, 4, 4, 3, 2, 1])
        nps = rng.randint(0, 10) if n % 3 == 0 else None
        ratings.append(
            Response(
                client_id=uuid.uuid4(),
                version=point.survey.current_version(),
                point=point,
                unit_id=point.unit_id,
                channel="qr",
                submitted_at=moment + timedelta(hours=rng.randint(8, 16)),
                answers={"csat": csat} | ({"nps": nps} if nps is not None else {}),
                csat=csat,
                nps=nps,
            )
        )
    Response.objects.bulk_create(ratings, batch_size=5000)
    refresh(today=date.today())


def bulk_staff(rng, count: int, positions: list, *, prefix: str) -> list:
    """Staff up to `count` (users, staff with a position from `positions`, a primary membership),
    spread over the units unevenly as real ones grow; returns the new staff."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model

    from magistrat.org.models import Membership, Staff, Unit

    today = date.today()
    units = list(Unit.objects.filter(parent__isnull=False))
    missing = max(0, count - Staff.objects.count())
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"bench{n}", first_name="Jan", last_name=f"Pracownik {n:04d}", password="!")
            for n in range(missing)
        ],
        batch_size=2000,
    )
    people = Staff.objects.bulk_create(
        [
            Staff(
                user=user,
                employee_number=f"{prefix}{n:05d}",
                position=rng.choice(positions),
                employed_since=today - timedelta(days=rng.randint(400, 4000)),
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    weights = [1 + (i % 7) for i in range(len(units))]
    Membership.objects.bulk_create(
        [Membership(staff=s, unit=rng.choices(units, weights)[0], is_primary=True) for s in people],
        batch_size=2000,
    )
    return people
