"""Writes of KPIs (ISO 9001 9.1): define and change a KPI, record a value by hand, comment on a
value, record a change of method. Each is a named audit event; a refused input saves nothing."""

import math
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, may, require_may
from magistrat.performance.models import Kpi, KpiValue, MethodChange, Objective, ValueComment
from magistrat.performance.models.kpis import MANUAL
from magistrat.performance.periods import aligned, period_of
from magistrat.performance.services.objectives import check_text
from magistrat.performance.sources import get_source

MANAGE, VIEW = "performance.manage_performance", "performance.view_performance"
FIELDS = (
    "name",
    "definition",
    "unit_of_measure",
    "direction",
    "target",
    "amber_threshold",
    "red_threshold",
    "frequency",
    "owner",
    "unit",
    "min_value",
    "max_value",
    "source",
)


def _refuse_bad(kpi: Kpi) -> None:
    if kpi.source != MANUAL and get_source(kpi.source) is None:
        raise ServiceError(_("Choose a data source from the list."), field="source")
    source = get_source(kpi.source)
    if source is not None and source.office_only and kpi.unit_id is not None:
        raise ServiceError(
            _("This data source counts the whole office: use it for an office KPI."), field="source"
        )
    objective = kpi.objective
    if objective.level == Objective.Level.UNIT:
        from magistrat.org.models import Unit

        if (
            kpi.unit_id is None
            or objective.unit_id is None
            or kpi.unit_id not in Unit.objects.subtree_ids([objective.unit_id])
        ):
            raise ServiceError(
                _("A KPI of a unit objective is measured in that unit or a unit below it."), field="unit"
            )
    if not getattr(kpi.owner, "is_active", False):
        raise ServiceError(_("The owner must be an active user."), field="owner")
    for name in ("target", "amber_threshold", "red_threshold", "min_value", "max_value"):
        number = getattr(kpi, name)
        if number is not None and not math.isfinite(number):
            raise ServiceError(_("Give a number."), field=name)
    clean_or_refuse(kpi)


def _data(kpi: Kpi) -> dict:
    return {
        "kpi": kpi.name,
        "objective": str(kpi.objective),
        "unit": str(kpi.unit) if kpi.unit_id else "",
        "owner": kpi.owner.get_username(),
        "target": f"{kpi.target:g} {kpi.unit_of_measure}".strip(),
        "frequency": kpi.get_frequency_display(),
        "data_source": kpi.source_label(),
    }


@transaction.atomic
def kpi_create(*, by, objective: Objective, name: str, **fields) -> Kpi:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if not has_perm(by, MANAGE):  # owners act on their own KPIs; only the quality manager defines them
        raise PermissionDenied
    check_text(name=name, **{k: fields.get(k, "") for k in ("definition", "unit_of_measure")})
    fields.setdefault("unit", objective.unit)
    kpi = Kpi(objective=objective, name=name.strip(), **fields)
    _refuse_bad(kpi)
    kpi.save()
    log_action(kpi, "performance.kpi.created", user=by, data=_data(kpi))
    return kpi


@transaction.atomic
def kpi_edit(*, kpi: Kpi, by, **changes) -> Kpi:
    if not has_perm(by, MANAGE):
        raise PermissionDenied
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    check_text(**{k: v for k, v in changes.items() if k in ("name", "definition", "unit_of_measure")})
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    if "source" in changes and changes["source"] != kpi.source and kpi.values.exists():
        raise ServiceError(
            _("The data source of a KPI with values cannot change: record a change of method on a new KPI."),
            field="source",
        )
    if "frequency" in changes and changes["frequency"] != kpi.frequency and kpi.values.exists():
        raise ServiceError(
            _("The frequency of a KPI with values cannot change: its periods would no longer fit."),
            field="frequency",
        )
    before = _data(kpi)
    for name, value in changes.items():
        setattr(kpi, name, value.strip() if isinstance(value, str) else value)
    _refuse_bad(kpi)
    kpi.save()
    after = _data(kpi)
    log_action(
        kpi,
        "performance.kpi.changed",
        user=by,
        data={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return kpi


def period_label(start: date, end: date) -> str:
    return f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"


@transaction.atomic
def value_record(
    *,
    kpi: Kpi,
    by,
    period_start: date,
    value: float,
    period_end: date | None = None,
    today: date | None = None,
) -> KpiValue:
    """Record (or correct) the value of a manual KPI for one ended period of its frequency."""
    require_may(by, MANAGE, kpi)
    today = today or timezone.localdate()
    if not kpi.is_manual:
        raise ServiceError(_("This KPI is computed from the records: its values cannot be entered by hand."))
    if period_end is None:
        period_end = period_of(period_start, kpi.frequency)[1]
    if not aligned(period_start, period_end, kpi.frequency):
        raise ServiceError(
            _("The period must be one whole %(frequency)s period (e.g. a calendar month).")
            % {"frequency": kpi.get_frequency_display()},
            field="period_start",
        )
    if period_end >= today:
        raise ServiceError(
            _("The period has not ended yet: its value can be entered from the next day."),
            field="period_start",
        )
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Give a number."), field="value") from None
    if not math.isfinite(value):
        raise ServiceError(_("Give a number."), field="value")
    if (
        kpi.min_value is not None
        and value < kpi.min_value
        or kpi.max_value is not None
        and value > kpi.max_value
    ):
        raise ServiceError(
            _("The value must be between %(min)s and %(max)s.")
            % {
                "min": "–∞" if kpi.min_value is None else f"{kpi.min_value:g}",
                "max": "∞" if kpi.max_value is None else f"{kpi.max_value:g}",
            },
            field="value",
        )
    existing = KpiValue.objects.select_for_update().filter(kpi=kpi, period_start=period_start).first()
    previous = existing.value if existing else None
    record = existing or KpiValue(kpi=kpi, period_start=period_start, period_end=period_end)
    record.value, record.entered_by, record.entered_at, record.computed = value, by, timezone.now(), False
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ServiceError(_("This KPI already has a value for this period.")) from None
    data = {"kpi": kpi.name, "period": period_label(period_start, period_end), "value": value}
    if existing is not None:
        data["previous"] = previous
    log_action(record, "performance.kpi.value_recorded", user=by, data=data)
    return record


@transaction.atomic
def value_comment(*, value: KpiValue, by, text: str) -> ValueComment:
    """Anyone who may read the KPI comments on a value (why it fell, what is being done)."""
    if not may(by, VIEW, value.kpi):
        raise PermissionDenied
    check_text(text=text)
    if not text.strip():
        raise ServiceError(_("Write the comment."), field="text")
    comment = ValueComment(value=value, author=by, text=text.strip())
    clean_or_refuse(comment, exclude=("value", "author"))
    comment.save()
    log_action(
        value,
        "performance.kpi.value_commented",
        user=by,
        data={
            "kpi": value.kpi.name,
            "period": period_label(value.period_start, value.period_end),
            "comment": comment.text,
        },
    )
    return comment


@transaction.atomic
def method_change_record(*, kpi: Kpi, by, effective_from: date, description: str) -> MethodChange:
    """From `effective_from` on the KPI is measured differently: the series breaks there."""
    require_may(by, MANAGE, kpi)
    check_text(description=description)
    if not description.strip():
        raise ServiceError(_("Say what changed in the method."), field="description")
    if MethodChange.objects.filter(kpi=kpi, effective_from=effective_from).exists():
        raise ServiceError(_("A change of method is already recorded from this day."), field="effective_from")
    change = MethodChange(
        kpi=kpi, effective_from=effective_from, description=description.strip(), recorded_by=by
    )
    clean_or_refuse(change, exclude=("kpi", "recorded_by"))
    change.save()
    log_action(
        kpi,
        "performance.kpi.method_changed",
        user=by,
        data={"kpi": kpi.name, "effective_from": effective_from.isoformat(), "method": change.description},
    )
    return change
