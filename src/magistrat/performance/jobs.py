"""The performance module's scheduled jobs (registered in `PerformanceConfig.ready()`)."""

from datetime import time

from magistrat.core.scheduling import Job

JOBS = [
    # Early each morning the computed KPIs get the value of the period that ended last (a month on
    # the 1st): the figures are on the home pages and in the management review when the office opens.
    Job("performance-kpis-compute", "magistrat.performance.tasks.kpis_compute_ended", at=time(4, 30)),
]
