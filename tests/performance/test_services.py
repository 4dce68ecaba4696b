"""Objectives and KPIs through their services: the cascade, manual values with every refusal
(nothing saved), comments, changes of method, and the named audit events."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.performance.models import Kpi, KpiValue, MethodChange, Objective, ValueComment
from magistrat.performance.periods import aligned, last_ended, period_of, periods_between
from magistrat.performance.services import kpis, objectives

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEntry]:
    # the named event beside the field-diff entry of the same name, which carries no details
    return list(AuditEntry.objects.filter(action=action).exclude(data={}).order_by("pk"))


def test_periods_are_whole_calendar_periods():
    assert period_of(date(2025, 5, 17), "monthly") == (date(2025, 5, 1), date(2025, 5, 31))
    assert period_of(date(2025, 5, 17), "quarterly") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_of(date(2024, 2, 10), "yearly") == (date(2024, 1, 1), date(2024, 12, 31))
    assert aligned(date(2024, 2, 1), date(2024, 2, 29), "monthly")
    assert not aligned(date(2024, 2, 2), date(2024, 3, 1), "monthly")
    assert last_ended(date(2025, 1, 1), "quarterly") == (date(2024, 10, 1), date(2024, 12, 31))
    assert len(periods_between(date(2024, 1, 1), date(2025, 12, 31), "monthly")) == 24


def test_objectives_cascade_from_the_office_to_units(unit_objective, office_objective, units):
    assert unit_objective.parent == office_objective and unit_objective.unit == units["FN"]
    [created, *_] = _events("performance.objective.created")
    assert created.data["title"] == "Satisfied residents" and created.data["level"] == "office"


def test_a_unit_objective_cannot_serve_a_unit_objective(quality, unit_objective, units, owner, today):
    with pytest.raises(ServiceError):
        objectives.objective_create(
            by=quality,
            title="Sub",
            level="unit",
            unit=units["FN"],
            parent=unit_objective,
            owner=owner,
            year_from=today.year,
            year_to=today.year,
        )
    with pytest.raises(ServiceError):  # a unit objective names its unit
        objectives.objective_create(
            by=quality, title="No unit", level="unit", owner=owner, year_from=2025, year_to=2025
        )
    with pytest.raises(ServiceError):  # reversed years
        objectives.objective_create(
            by=quality, title="Back", level="office", owner=owner, year_from=2026, year_to=2025
        )
    assert Objective.objects.count() == 2


def test_only_the_quality_manager_sets_objectives_and_kpis(owner, unit_objective, today):
    with pytest.raises(PermissionDenied):
        objectives.objective_create(
            by=owner, title="Mine", level="office", owner=owner, year_from=2025, year_to=2025
        )
    with pytest.raises(PermissionDenied):
        kpis.kpi_create(
            by=owner,
            objective=unit_objective,
            name="X",
            direction="higher",
            target=1,
            amber_threshold=1,
            red_threshold=0,
            frequency="monthly",
            owner=owner,
        )


def test_objective_edit_records_what_changed(quality, office_objective):
    objectives.objective_edit(objective=office_objective, by=quality, state="achieved")
    office_objective.refresh_from_db()
    assert office_objective.state == "achieved"
    [event] = _events("performance.objective.changed")
    assert event.data["state"] == ["active", "achieved"]


def test_kpi_thresholds_must_make_sense(make_kpi, unit_objective):
    with pytest.raises(ServiceError):
        make_kpi(unit_objective, red_threshold=99)  # red above amber for "higher is better"
    with pytest.raises(ServiceError):
        make_kpi(unit_objective, min_value=10, max_value=5)
    with pytest.raises(ServiceError):
        make_kpi(unit_objective, source="nobody.knows")
    with pytest.raises(ServiceError):
        make_kpi(unit_objective, unit=None)  # a unit objective's KPI is measured in its unit
    assert Kpi.objects.count() == 0


def test_an_office_only_source_is_refused_for_a_unit_kpi(make_kpi, unit_objective, office_objective):
    with pytest.raises(ServiceError):
        make_kpi(unit_objective, source="isms.incidents", direction="lower", red_threshold=100)
    kpi = make_kpi(
        office_objective,
        source="isms.incidents",
        direction="lower",
        target=0,
        amber_threshold=1,
        red_threshold=3,
    )
    assert kpi.unit is None and not kpi.is_manual


def test_lights_follow_the_direction(manual_kpi, make_kpi, office_objective):
    assert [manual_kpi.light(v) for v in (96, 95, 90, 84, None)] == ["green", "green", "amber", "red", "grey"]
    lower = make_kpi(office_objective, direction="lower", target=2, amber_threshold=3, red_threshold=5)
    assert [lower.light(v) for v in (1, 3, 4, 6)] == ["green", "green", "amber", "red"]


def test_the_owner_records_a_value_for_an_ended_period(manual_kpi, owner, last_month):
    value = kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=93.5)
    assert (value.period_end, value.value, value.entered_by, value.computed) == (
        last_month[1],
        93.5,
        owner,
        False,
    )
    [event] = _events("performance.kpi.value_recorded")
    assert event.data["value"] == 93.5 and event.actor_id == owner.pk
    # a correction replaces the value and keeps the previous one in the trail
    kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=94)
    assert KpiValue.objects.get().value == 94
    assert _events("performance.kpi.value_recorded")[-1].data["previous"] == 93.5


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("out_of_range", "between"),
        ("not_ended", "has not ended"),
        ("not_aligned", "whole"),
        ("infinite", "number"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(manual_kpi, owner, today, last_month, case, message):
    start, value, end = last_month[0], 90.0, None
    if case == "out_of_range":
        value = 120
    elif case == "not_ended":
        start = period_of(today, "monthly")[0]
    elif case == "not_aligned":
        start, end = last_month[0] + timedelta(days=3), last_month[1]
    elif case == "infinite":
        value = float("inf")
    with pytest.raises(ServiceError, match=message):
        kpis.value_record(
            kpi=manual_kpi, by=owner, period_start=start, period_end=end, value=value, today=today
        )
    assert KpiValue.objects.count() == 0 and not _events("performance.kpi.value_recorded")


def test_a_computed_kpi_takes_no_value_by_hand(make_kpi, office_objective, quality, last_month):
    kpi = make_kpi(
        office_objective,
        source="quality.actions_overdue",
        direction="lower",
        target=0,
        amber_threshold=1,
        red_threshold=3,
    )
    with pytest.raises(ServiceError, match="computed"):
        kpis.value_record(kpi=kpi, by=quality, period_start=last_month[0], value=1)
    assert KpiValue.objects.count() == 0


def test_someone_else_cannot_record_the_owners_value(manual_kpi, fn_head, last_month):
    with pytest.raises(PermissionDenied):
        kpis.value_record(kpi=manual_kpi, by=fn_head.user, period_start=last_month[0], value=90)
    assert KpiValue.objects.count() == 0


def test_comments_and_method_changes(manual_kpi, owner, fn_head, sa_head, last_month, today):
    value = kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=80)
    comment = kpis.value_comment(value=value, by=fn_head.user, text="Two clerks on sick leave.")
    assert comment.author == fn_head.user and value.comments.get() == comment
    with pytest.raises(PermissionDenied):  # the head of another unit does not read FN's KPIs
        kpis.value_comment(value=value, by=sa_head.user, text="?")
    with pytest.raises(ServiceError):
        kpis.value_comment(value=value, by=owner, text="   ")
    with pytest.raises(ServiceError):
        kpis.value_comment(value=value, by=owner, text="bad\x00text")
    assert ValueComment.objects.count() == 1
    change = kpis.method_change_record(
        kpi=manual_kpi, by=owner, effective_from=today.replace(day=1), description="New scale 0-10"
    )
    with pytest.raises(ServiceError):  # the same day twice
        kpis.method_change_record(
            kpi=manual_kpi, by=owner, effective_from=change.effective_from, description="Again"
        )
    assert MethodChange.objects.count() == 1
    assert _events("performance.kpi.method_changed")[0].data["method"] == "New scale 0-10"
    assert _events("performance.kpi.value_commented")[0].data["comment"] == "Two clerks on sick leave."


def test_the_source_of_a_kpi_with_values_does_not_change(manual_kpi, quality, owner, last_month):
    kpis.value_record(kpi=manual_kpi, by=owner, period_start=last_month[0], value=90)
    with pytest.raises(ServiceError):
        kpis.kpi_edit(kpi=manual_kpi, by=quality, source="quality.actions_overdue")
    with pytest.raises(ServiceError):
        kpis.kpi_edit(kpi=manual_kpi, by=quality, frequency="quarterly")
    kpis.kpi_edit(kpi=manual_kpi, by=quality, target=97, amber_threshold=96)
    manual_kpi.refresh_from_db()
    assert manual_kpi.target == 97
    assert _events("performance.kpi.changed")[0].data["target"] == ["95 %", "97 %"]
