import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from magistrat.core.checks import production_problems


class Command(BaseCommand):
    help = "Serve Magistrat in production with gunicorn (settings from the environment)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")

    def handle(self, *args, **options):
        if problems := production_problems():
            raise CommandError(
                "Refusing to start: the configuration is not safe for production.\n  - "
                + "\n  - ".join(problems)
            )
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            self.stderr.write("Warning: running on SQLite; set DATABASE_URL to use PostgreSQL.")
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "magistrat.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            # Load the application (and its read-only data) once, before forking the workers.
            "--preload",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - replace this process with gunicorn
