"""The quality module's scheduled jobs (registered in `QualityConfig.ready()`; see `core.scheduling`)."""

from datetime import time

from magistrat.core.scheduling import Job

JOBS = [
    # Each morning the sources re-measure the records whose effectiveness check fell due, so the
    # quality manager finds the system's proposal waiting on the home page.
    Job("quality-effectiveness-measure", "magistrat.quality.tasks.effectiveness_measure_due", at=time(5, 30)),
    # Approved versions whose effective date has come become current before the office opens, so
    # their addressees are asked to acknowledge them that morning.
    Job("quality-documents-take-effect", "magistrat.quality.tasks.documents_take_effect", at=time(5, 0)),
]
