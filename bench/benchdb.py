"""The database a benchmark script prepares and measures: its own PostgreSQL database beside the one
in DATABASE_URL (or a SQLite file in the data folder), seeded with the small demo office, then
filled by the script's own generator (bench/competence_gap.py, bench/performance_kpis.py)."""

import os
import subprocess
import sys
from dataclasses import dataclass


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

    @staticmethod
    def analyze() -> None:
        """Fresh planner statistics after generating the data."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
