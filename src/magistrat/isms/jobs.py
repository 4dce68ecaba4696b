"""The security records' scheduled jobs (registered in `IsmsConfig.ready()`; see `core.scheduling`)."""

from magistrat.core.scheduling import Job

JOBS = [
    # Incident clocks of 24 and 72 hours need alerts within the hour, not the next morning.
    Job("incident-clock-alerts", "magistrat.isms.attention.incident_clock_alerts", every_minutes=15),
]
