"""The measurements for the management review (ISO 9001 9.3.2 c 1–3, c 5, d): the objectives'
KPIs by traffic light, and every registered KPI source (`performance.sources`) computed office-wide
for the period beside the period before it, as the trend the standard asks for. The sources are
grouped by the module that registers them: satisfaction (feedback), conformity of services on
time (registers, bip), resources (competence), other monitoring results.
"""

from collections import Counter
from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.performance.models import KpiValue, Objective
from magistrat.performance.models.kpis import LIGHTS
from magistrat.performance.sources import KpiSource, Value, registered_sources
from magistrat.quality.review_inputs import Figure, ReviewInput, register_input

# Which 9.3.2 input the sources of a module answer; the rest are monitoring results (c 5).
CLAUSE_OF_MODULE = {
    "feedback": "9.3.2 c) 1",
    "registers": "9.3.2 c) 3",
    "bip": "9.3.2 c) 3",
    "competence": "9.3.2 d",
}
MONITORING = "9.3.2 c) 5"


def _format(value: Value, unit_of_measure: str) -> str:
    if value.value is None:
        return _("no data")
    text = f"{number_format(round(value.value, 1), decimal_pos=1)} {unit_of_measure}".strip()
    if value.low is not None and value.high is not None:
        text += (
            " ("
            + _("interval %(low)s–%(high)s")
            % {
                "low": number_format(round(value.low, 1), decimal_pos=1),
                "high": number_format(round(value.high, 1), decimal_pos=1),
            }
            + ")"
        )
    if value.sample is not None:
        text += " " + _("n = %(n)s") % {"n": number_format(value.sample)}
    return text


def _figure(source: KpiSource, *, start: date, end: date) -> Figure:
    now = source.compute(start=start, end=end, unit=None)
    length = end - start
    before = source.compute(
        start=start - length - timedelta(days=1), end=start - timedelta(days=1), unit=None
    )
    value = _format(now, source.unit_of_measure)
    value += "; " + _("period before: %(value)s") % {"value": _format(before, source.unit_of_measure)}
    return Figure(str(source.label), value, now.records_url)


def _measured(clause: str, start: date, end: date) -> list[Figure]:
    return [
        _figure(source, start=start, end=end)
        for source in registered_sources()
        if CLAUSE_OF_MODULE.get(source.code.split(".", 1)[0], MONITORING) == clause
    ]


def satisfaction(*, start: date, end: date) -> list[Figure]:
    return _measured("9.3.2 c) 1", start, end)


def conformity(*, start: date, end: date) -> list[Figure]:
    return _measured("9.3.2 c) 3", start, end)


def monitoring(*, start: date, end: date) -> list[Figure]:
    return _measured(MONITORING, start, end)


def resources(*, start: date, end: date) -> list[Figure]:
    return _measured("9.3.2 d", start, end)


def objectives_met(*, start: date, end: date) -> list[Figure]:
    """The objectives in force in the period and their KPIs' values by traffic light."""
    objectives = Objective.objects.filter(year_from__lte=end.year, year_to__gte=start.year)
    values = KpiValue.objects.filter(
        kpi__objective__in=objectives, period_start__gte=start, period_end__lte=end
    ).select_related("kpi")
    lights = Counter(value.light for value in values)
    url = reverse("performance:objective_tree")
    figures = [
        Figure(_("Objectives in force"), number_format(objectives.count()), url),
        Figure(_("of which achieved"), number_format(objectives.filter(state="achieved").count()), url),
    ]
    figures += [
        Figure(_("KPI values: %(light)s") % {"light": LIGHTS[light]}, number_format(lights[light]), url)
        for light in LIGHTS
    ]
    return figures


def register() -> None:
    register_input(
        ReviewInput("quality.objectives", "9.3.2 c) 2", gettext_lazy("Objectives and KPIs"), objectives_met)
    )
    for code, clause, label, compute in (
        ("quality.measures_satisfaction", "9.3.2 c) 1", gettext_lazy("Measured satisfaction"), satisfaction),
        ("quality.measures_conformity", "9.3.2 c) 3", gettext_lazy("Services on time"), conformity),
        ("quality.measures_monitoring", MONITORING, gettext_lazy("Monitoring results"), monitoring),
        ("quality.measures_resources", "9.3.2 d", gettext_lazy("Competence of staff"), resources),
    ):
        register_input(ReviewInput(code, clause, label, compute))
