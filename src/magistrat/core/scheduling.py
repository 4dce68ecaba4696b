"""Scheduled jobs, defined in code: `magistrat worker` enqueues each one when its time comes.

Every app declares its jobs in its `jobs.py` and registers them from its `AppConfig.ready()`
(`register_jobs`), as it registers its audit labels and home-page attention.

Each run is recorded in ScheduledRun under a unique (job, slot), so when several workers run,
or a worker restarts, a job is enqueued once per slot; a worker that was down at the job's
time enqueues it as soon as it starts again the same day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from magistrat.core.models import ScheduledRun


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path to a Django task
    at: time | None = None  # local (Europe/Warsaw) time, daily…
    every_minutes: int | None = None  # …or every so many minutes (a divisor of 60 or of a day)

    def slot(self, now: datetime) -> datetime | None:
        """The start of the slot `now` falls in, or None before today's time of a daily job."""
        if self.every_minutes:
            minutes = (now.hour * 60 + now.minute) // self.every_minutes * self.every_minutes
            return now.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
        assert self.at is not None
        slot = now.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return slot if now >= slot else None


_jobs: dict[str, Job] = {}


def register_jobs(jobs: Iterable[Job]) -> None:
    """Add an app's jobs (its `jobs.py`, registered from its `AppConfig.ready()`): core knows no app."""
    for job in jobs:
        known = _jobs.get(job.name)
        if known is not None and known != job:
            raise ImproperlyConfigured(f"Scheduled job {job.name!r} is registered twice, differently.")
        if (job.at is None) == (job.every_minutes is None):
            raise ImproperlyConfigured(f"Scheduled job {job.name!r} needs either at= or every_minutes=.")
        _jobs[job.name] = job


def scheduled_jobs() -> list[Job]:
    """Every registered job, in the order the apps registered them."""
    return list(_jobs.values())


def enqueue_due_jobs(now: datetime | None = None, schedule: list[Job] | None = None) -> list[str]:
    """Enqueue every job whose current slot has come and has not been enqueued yet."""
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in schedule if schedule is not None else scheduled_jobs():
        slot = job.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                import_string(job.task).enqueue()
        except IntegrityError:
            continue  # another worker (or an earlier run of this one) already did it
        enqueued.append(job.name)
    return enqueued
