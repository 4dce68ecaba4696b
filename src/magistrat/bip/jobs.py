"""The bulletin's scheduled jobs (registered in `BipConfig.ready()`; see `core.scheduling`)."""

from magistrat.core.scheduling import Job

JOBS = [
    # BIP items approved for a later time are published within five minutes of it.
    Job("bip-publication", "magistrat.bip.tasks.publish_and_archive_due_items", every_minutes=5),
]
