"""The competence module's KPI sources for the performance registry (`performance.sources`),
registered from `CompetenceConfig.ready()`."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.competence import mandatory
from magistrat.performance.sources import KpiSource, Value, register_source

MANDATORY_COMPLIANCE = "competence.mandatory_training_compliance"


def _unit_ids(unit):
    if unit is None:
        return None
    from magistrat.org.models import Unit

    return Unit.objects.subtree_ids([unit.pk])


def _value(found: mandatory.Compliance, unit) -> Value:
    url = reverse("competence:mandatory")
    if unit is not None:
        url += f"?unit={unit.pk}"
    return Value(
        value=found.percent,
        sample=found.total,
        records_url=url,
        data={"compliant": found.compliant, **dict(found.counts)},
    )


def mandatory_training_compliance(*, start: date, end: date, unit=None) -> Value:
    """The share of (person, applicable mandatory rule) pairs compliant on the period's last day,
    for the staff of the unit's subtree (the office: everyone) employed by then."""
    return _value(mandatory.compliance(mandatory.staff_of_units(_unit_ids(unit), day=end), end), unit)


def mandatory_training_compliance_series(*, periods: list[tuple[date, date]], unit=None) -> list[Value]:
    """Every period at once: the staff and their completions are read once, for the last day."""
    if not periods:
        return []
    last = max(end for _start, end in periods)
    staff = list(mandatory.staff_of_units(_unit_ids(unit), day=last))
    rows = mandatory.completions([s.pk for s in staff], last)
    values = []
    for _start, end in periods:
        employed = [s for s in staff if s.employed_since is None or s.employed_since <= end]
        found = mandatory.compliance(employed, end, done=mandatory.latest(rows, end))
        values.append(_value(found, unit))
    return values


def register() -> None:
    register_source(
        KpiSource(
            code=MANDATORY_COMPLIANCE,
            label=_("Mandatory trainings up to date (%)"),
            unit_of_measure="%",
            compute=mandatory_training_compliance,
            compute_series=mandatory_training_compliance_series,
            description=_(
                "The share of the staff's mandatory trainings (OHS, GDPR, information security "
                "awareness, by the rules of competence/data/mandatory_trainings.yaml) valid on the "
                "period's last day; a first training not yet due counts as compliant. Evidence for "
                "ISO/IEC 27001 A.6.3."
            ),
            direction="higher",
        )
    )
