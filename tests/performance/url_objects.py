"""The performance pages' records for tests/demo_office/test_url_permissions.py, made through the services:
an objective of a unit with a manual KPI owned by its head, one value with a comment."""

from datetime import timedelta


def objects(world) -> dict[str, tuple[dict, object]]:
    from django.utils import timezone

    from magistrat.org.models import RoleAssignment, Unit
    from magistrat.performance.periods import last_ended
    from magistrat.performance.services import kpis, objectives

    manager = RoleAssignment.objects.filter(role="quality_manager").order_by("pk").first().user
    unit = Unit.objects.filter(parent__isnull=False, head__isnull=False).order_by("pk").first()
    owner = unit.head.user
    today = timezone.localdate()
    objective = objectives.objective_create(
        by=manager,
        title="URL objective",
        level="unit",
        unit=unit,
        owner=owner,
        year_from=today.year - 1,
        year_to=today.year,
    )
    kpi = kpis.kpi_create(
        by=manager,
        objective=objective,
        name="URL KPI",
        source="manual",
        direction="higher",
        target=90,
        amber_threshold=90,
        red_threshold=80,
        frequency="monthly",
        owner=owner,
        unit=unit,
    )
    start, _end = last_ended(today - timedelta(days=40), "monthly")
    value = kpis.value_record(kpi=kpi, by=owner, period_start=start, value=85)
    return {
        "performance:objective_detail": ({"pk": objective.pk}, objective),
        "performance:objective_edit": ({"pk": objective.pk}, objective),
        "performance:kpi_create": ({"pk": objective.pk}, objective),
        "performance:kpi_detail": ({"pk": kpi.pk}, kpi),
        "performance:kpi_edit": ({"pk": kpi.pk}, kpi),
        "performance:value_record": ({"pk": kpi.pk}, kpi),
        "performance:method_change": ({"pk": kpi.pk}, kpi),
        "performance:kpi_recompute": ({"pk": kpi.pk}, kpi),
        "performance:value_comment": ({"pk": value.pk}, value),
    }
