import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from magistrat.core.scheduling import enqueue_due_jobs


class Command(BaseCommand):
    help = "Run background tasks and the scheduled jobs defined in magistrat.core.scheduling."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
        parser.add_argument(
            "--schedule-every", type=float, default=30.0, help="seconds between schedule checks"
        )

    def handle(self, *args, **options):
        stop = threading.Event()
        scheduler = threading.Thread(
            target=self._schedule_loop, args=(stop, options["schedule_every"]), daemon=True
        )
        scheduler.start()
        backend = settings.TASKS["default"]["BACKEND"]
        self.stdout.write(f"Magistrat worker: {backend}")
        try:
            if backend.startswith("django_tasks_rq"):
                call_command("rqworker", "default", job_class="django_tasks_rq.backend.Job")
            else:
                call_command("db_worker", interval=options["interval"], queue_name="*")
        finally:
            stop.set()

    def _schedule_loop(self, stop: threading.Event, every: float) -> None:
        while not stop.is_set():
            try:
                for name in enqueue_due_jobs():
                    self.stdout.write(f"Scheduled job enqueued: {name}")
            except Exception as exc:  # noqa: BLE001 - keep the scheduler alive; report and retry
                self.stderr.write(f"Scheduler error: {exc}")
            finally:
                close_old_connections()
            stop.wait(every)
