"""The demo office's objectives and KPIs: 10 objectives (office and units) with 25 KPIs, about half
computed from the other modules' demo records, values entered by their owners, one change of
method and comments, each write in the audit trail under the person who acted."""

import pytest

from magistrat.core.models import AuditEntry
from magistrat.performance.models import Kpi, KpiValue, MethodChange, Objective, ValueComment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_the_demo_office_measures_its_objectives():
    assert Objective.objects.filter(level="office").count() == 4
    assert Objective.objects.filter(level="unit", parent__level="office").count() == 6
    assert Kpi.objects.count() == 25
    computed = Kpi.objects.exclude(source="manual")
    assert 10 <= computed.count() <= 15
    assert KpiValue.objects.filter(kpi__in=computed, computed=True).exists()
    assert KpiValue.objects.filter(
        kpi__in=computed, value__isnull=False
    ).exists()  # real figures, not only gaps
    manual = KpiValue.objects.filter(computed=False).select_related("kpi")
    assert manual.count() >= 12 * 4 and all(v.entered_by_id == v.kpi.owner_id for v in manual)
    assert MethodChange.objects.count() == 1 and ValueComment.objects.exists()
    recorded = AuditEntry.objects.filter(action="performance.kpi.value_recorded").exclude(data={})
    assert recorded.count() == manual.count()
    assert set(recorded.values_list("actor_id", flat=True)) == set(
        manual.values_list("entered_by_id", flat=True)
    )
