"""The demo office's competence model: required levels, levels with history, preparatory services."""

import pytest
from django.db.models import Count

from magistrat.competence import gaps
from magistrat.competence.attention import preparatory_attention
from magistrat.competence.models import LevelRecord, PositionRequirement, PreparatoryService
from magistrat.core.models import AuditEntry
from magistrat.org.models import RoleAssignment, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_small_demo_has_the_competence_model():
    assert PositionRequirement.objects.current().values("position").distinct().count() >= 5
    assert PositionRequirement.objects.filter(valid_until__isnull=False).exists()  # one raised
    history = LevelRecord.objects.values("staff", "competence").annotate(n=Count("pk")).filter(n__gte=2)
    assert history.exists()  # improved levels: the old one kept
    assert set(LevelRecord.objects.values_list("source", flat=True)) == {"superior", "certificate", "self"}
    services = PreparatoryService.objects.all()
    assert services.count() == 2
    assert services.filter(exempted=True, result="passed").count() == 1
    open_service = services.get(result="")
    hr = RoleAssignment.objects.filter(role="hr_officer").first().user
    assert any(item.url.endswith(f"/{open_service.pk}/") for item in preparatory_attention(hr))
    assert (
        AuditEntry.objects.filter(action="competence.level.recorded", actor=open_service.staff.user).count()
        >= 0
    )
    # the gap matrix of a demo unit has something to show
    matrix = gaps.unit_matrix([Unit.objects.get(code="SA-01").pk])
    assert matrix.cells > 10 and 0 < matrix.met < matrix.cells
    # the office matrix, counted in the database, agrees with the per-person one
    for group in ("", "legal"):
        office = gaps.office_matrix([Unit.objects.get(code="SA-01").pk], group=group)
        unit = gaps.unit_matrix([Unit.objects.get(code="SA-01").pk], group=group)
        assert sum(s.required for s in office.totals.values()) == unit.cells
        assert sum(s.met for s in office.totals.values()) == unit.met
