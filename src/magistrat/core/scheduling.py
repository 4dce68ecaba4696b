"""Scheduled jobs, defined in code: `magistrat worker` enqueues each one when its time comes.

Each run is recorded in ScheduledRun under a unique (job, slot), so when several workers run,
or a worker restarts, a job is enqueued once per slot; a worker that was down at the job's
time enqueues it as soon as it starts again the same day.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from magistrat.core.models import ScheduledRun


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path to a Django task
    at: time  # local (Europe/Warsaw) time, daily


SCHEDULE: list[Job] = [
    Job("daily-deadline-reminders", "magistrat.core.tasks.daily_deadline_reminders", time(7, 0)),
    Job("satisfaction-alerts", "magistrat.feedback.alerts.satisfaction_alerts", time(6, 30)),
]


def enqueue_due_jobs(now: datetime | None = None, schedule: list[Job] | None = None) -> list[str]:
    """Enqueue every job whose slot today has come and has not been enqueued yet."""
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in schedule if schedule is not None else SCHEDULE:
        slot = now.replace(hour=job.at.hour, minute=job.at.minute, second=0, microsecond=0)
        if now < slot:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                import_string(job.task).enqueue()
        except IntegrityError:
            continue  # another worker (or an earlier run of this one) already did it
        enqueued.append(job.name)
    return enqueued
