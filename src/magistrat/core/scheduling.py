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


SCHEDULE: list[Job] = [
    Job("daily-deadline-reminders", "magistrat.core.tasks.daily_deadline_reminders", time(7, 0)),
    Job("satisfaction-alerts", "magistrat.feedback.alerts.satisfaction_alerts", time(6, 30)),
    # Rollups behind the satisfaction dashboard; it stays exact without them, only slower.
    Job("rating-rollups", "magistrat.feedback.rollups.refresh_rollups", every_minutes=15),
    # Incident clocks of 24 and 72 hours need alerts within the hour, not the next morning.
    Job("incident-clock-alerts", "magistrat.isms.attention.incident_clock_alerts", every_minutes=15),
    # Signed anchors of the audit trail outside the database (decision 0007): removing the newest
    # entries shows once an anchor has counted them, so the window is at most an hour.
    Job("audit-anchor", "magistrat.core.audit_anchors.audit_anchor", every_minutes=60),
    # BIP items approved for a later time are published within five minutes of it.
    Job("bip-publication", "magistrat.bip.tasks.publish_and_archive_due_items", every_minutes=5),
]


def enqueue_due_jobs(now: datetime | None = None, schedule: list[Job] | None = None) -> list[str]:
    """Enqueue every job whose current slot has come and has not been enqueued yet."""
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in schedule if schedule is not None else SCHEDULE:
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
