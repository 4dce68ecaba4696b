"""Background work of the quality module."""

from django.tasks import task
from django.utils import timezone

from magistrat.quality.models import EffectivenessCheck, Nonconformity


@task()
def effectiveness_measure_due() -> int:
    """Measure every due check not measured yet; a refused one is left for a person."""
    from magistrat.core.exceptions import ServiceError
    from magistrat.quality.services.nonconformities import nc_effectiveness_measure

    today = timezone.localdate()
    measured = 0
    due = EffectivenessCheck.objects.filter(
        verdict="",
        measured_at__isnull=True,
        due_on__lte=today,
        nonconformity__state=Nonconformity.State.CHECK,
    ).select_related("nonconformity")
    for check in due[:500]:
        try:
            nc_effectiveness_measure(nc=check.nonconformity, today=today)
        except ServiceError:
            continue
        measured += 1
    return measured


@task()
def documents_take_effect() -> int:
    from magistrat.quality.services.documents import versions_take_effect

    return versions_take_effect(today=timezone.localdate())
