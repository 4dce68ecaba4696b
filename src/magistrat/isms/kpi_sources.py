"""Security incidents as a KPI source (`performance.sources`, registered from `IsmsConfig.ready()`):
the number of incidents detected in the period (ISO/IEC 27001 9.1, A.5.24–A.5.28). Incidents are
the office's, not a unit's, so the source serves office KPIs only."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import end_of_day, local_date
from magistrat.isms.models import Incident
from magistrat.performance.sources import KpiSource, Value, bucket, register_source


def incidents_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    first, last = periods[0][0], periods[-1][1]
    counts = [0] * len(periods)
    detected = Incident.objects.filter(
        detected_at__gt=end_of_day(first - timedelta(days=1)), detected_at__lte=end_of_day(last)
    ).values_list("detected_at", flat=True)
    for moment in detected:
        index = bucket(periods, local_date(moment))
        if index is not None:
            counts[index] += 1
    url = reverse("isms:incident_list")
    return [Value(value=float(count), sample=count, records_url=url) for count in counts]


def incidents(*, start: date, end: date, unit=None) -> Value:
    return incidents_series(periods=[(start, end)], unit=unit)[0]


SOURCE = KpiSource(
    code="isms.incidents",
    label=_("Security incidents (number)"),
    unit_of_measure="szt.",
    compute=incidents,
    compute_series=incidents_series,
    description=_("Information security incidents detected in the period."),
    direction="lower",
    office_only=True,
)


def register() -> None:
    register_source(SOURCE)


register()  # imported from the app's ready(): the sources are in the registry from start-up
