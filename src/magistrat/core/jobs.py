"""The core's scheduled jobs (registered in `CoreConfig.ready()`; see `core.scheduling`)."""

from datetime import time

from magistrat.core.scheduling import Job

JOBS = [
    Job("daily-deadline-reminders", "magistrat.core.tasks.daily_deadline_reminders", time(7, 0)),
    # Signed anchors of the audit trail outside the database (decision 0007): removing the newest
    # entries shows once an anchor has counted them, so the window is at most an hour.
    Job("audit-anchor", "magistrat.core.audit_anchors.audit_anchor", every_minutes=60),
]
