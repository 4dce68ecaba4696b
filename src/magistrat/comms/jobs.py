"""The newsroom's scheduled jobs (registered in `CommsConfig.ready()`; see `core.scheduling`)."""

from magistrat.core.scheduling import Job

JOBS = [
    # Every minute: news approved for a later time goes out on the minute, expired news leaves the
    # site, and failed deliveries are retried when their backoff has passed.
    Job("comms-publication", "magistrat.comms.tasks.publish_expire_and_retry", every_minutes=1),
]
