import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Prepare the demo office on SQLite (migrate, seed once) and serve it with a worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo database and start afresh")
        parser.add_argument("--no-serve", action="store_true", help="only prepare the database")
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the demo data")
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument(
            "--small", action="store_true", help="a lighter office (fewer ratings), for tests"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        database = settings.DATABASES["default"]
        if not database["ENGINE"].endswith("sqlite3"):
            raise CommandError("The demo runs on the embedded SQLite database: unset DATABASE_URL.")
        path = Path(database["NAME"])
        if options["reset"]:
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            from magistrat.core.audit_anchors import anchor_path

            anchor_path().unlink(missing_ok=True)  # its anchors name entries of the removed database
            self.stdout.write(f"Removed {path}")
        call_command("migrate", interactive=False, verbosity=0)
        if get_user_model().objects.exists():  # the seeded office's staff: migrations create nobody
            self.stdout.write(f"Reusing the demo office in {path} (use --reset to start afresh).")
            logins = None
        else:
            from magistrat.core.demo import seed_demo

            self.stdout.write(f"Seeding the demo office (seed {options['seed']}) …")
            logins = seed_demo(seed=options["seed"], small=options["small"])
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s: {path}"))
        self._print_logins(logins, options["bind"], path)
        if not options["no_serve"]:
            self._serve(options["bind"])

    def _print_logins(self, logins, bind: str, path: Path) -> None:
        credentials = Path(settings.DATA_DIR) / "demo-logins.txt"
        if logins:
            lines = []
            for login in logins:
                line = f"  {login.role:<18} login: {login.username:<28} password: {login.password}"
                if login.backup_codes:
                    line += (
                        "\n  "
                        + " " * 18
                        + " 2FA backup codes (each works once): "
                        + " ".join(login.backup_codes)
                    )
                lines.append(line)
            credentials.write_text("\n".join(lines) + "\n", encoding="utf-8")
            credentials.chmod(0o600)
        self.stdout.write(f"\nOpen http://{bind}/ and sign in as:")
        if credentials.exists():
            self.stdout.write(credentials.read_text(encoding="utf-8"))
        self.stdout.write(
            "Every demo staff member's password is the same. "
            "The UI speaks Polish (switch to English at the top)."
        )

    def _serve(self, bind: str) -> None:
        env = {**os.environ, "MAGISTRAT_ENV": "demo", "DATA_DIR": str(settings.DATA_DIR)}
        python = sys.executable
        worker = subprocess.Popen([python, "-m", "magistrat", "worker"], env=env)
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "magistrat.wsgi:application",
                "--bind",
                bind,
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        self.stdout.write(f"Serving on http://{bind}/ with a background worker. Ctrl+C stops both.")
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
