"""The ratings' scheduled jobs (registered in `FeedbackConfig.ready()`; see `core.scheduling`)."""

from datetime import time

from magistrat.core.scheduling import Job

JOBS = [
    Job("satisfaction-alerts", "magistrat.feedback.alerts.satisfaction_alerts", time(6, 30)),
    # Rollups behind the satisfaction dashboard; it stays exact without them, only slower.
    Job("rating-rollups", "magistrat.feedback.rollups.refresh_rollups", every_minutes=15),
]
