"""Background work of the performance module."""

from django.tasks import task
from django.utils import timezone


@task()
def kpis_compute_ended() -> int:
    """Compute every active computed KPI's period that ended last (idempotent: a rerun writes nothing)."""
    from magistrat.performance.services.compute import kpis_compute

    return kpis_compute(today=timezone.localdate(), only_last=True)
