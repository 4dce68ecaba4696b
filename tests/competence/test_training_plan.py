"""Training needs (from the gap matrix, periodic assessments, the person and the superior) and the
yearly plan with budgets per unit and costs per item, approved by HR."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from magistrat.competence.models import TrainingNeed, TrainingPlan, UnitBudget
from magistrat.competence.services import training_plan as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.org.models import Position
from tests.competence.conftest import assess
from tests.competence.model_helpers import competence, record, require

pytestmark = pytest.mark.django_db
YEAR = 2027


def test_the_person_and_the_superior_raise_needs_with_their_source(people):
    own = services.need_raise(
        user=people["official"].user, staff=people["official"], year=YEAR, description="Excel dla urzędników"
    )
    by_chief = services.need_raise(
        user=people["sa01_chief"].user, staff=people["official"], year=YEAR, competence=competence("kpa")
    )
    by_hr = services.need_raise(user=people["hr"].user, staff=people["aux"], year=YEAR, description="BHP")
    assert (own.source, by_chief.source, by_hr.source) == ("person", "superior", "hr")
    assert own.unit.code == "SA-01" and own.plan.year == YEAR
    entry = AuditEntry.objects.filter(action="competence.need.raised").order_by("pk").first()
    assert entry.data["source"] == "the employee" and entry.data["year"] == YEAR


def test_needs_for_others_are_refused_and_nothing_saved(people):
    with pytest.raises(PermissionDenied):
        services.need_raise(user=people["official"].user, staff=people["aux"], year=YEAR, description="x")
    with pytest.raises(PermissionDenied):
        services.need_raise(
            user=people["fn_chief"].user, staff=people["official"], year=YEAR, description="x"
        )
    with pytest.raises(ServiceError, match="Name a competence"):
        services.need_raise(
            user=people["official"].user, staff=people["official"], year=YEAR, description=" "
        )
    with pytest.raises(ServiceError, match="year between"):
        services.need_raise(
            user=people["official"].user, staff=people["official"], year=1900, description="x"
        )
    services.need_raise(
        user=people["hr"].user, staff=people["official"], year=YEAR, competence=competence("kpa")
    )
    with pytest.raises(ServiceError, match="already has a need"):
        services.need_raise(
            user=people["hr"].user, staff=people["official"], year=YEAR, competence=competence("kpa")
        )
    assert TrainingNeed.objects.count() == 1


def test_needs_from_the_gap_matrix(people):
    inspector = Position.objects.get(name="Inspektor")
    require(people, inspector, "kpa", 3)
    record(people["sa01_chief"], people["official"], "kpa", 1)
    record(people["sa_chief"], people["hr"], "kpa", 3)  # meets the requirement: no need
    added = services.needs_from_gaps(user=people["hr"].user, year=YEAR, on=date(2025, 6, 1))
    needs = {(n.staff_id, n.competence.code): n for n in TrainingNeed.objects.select_related("competence")}
    assert (people["official"].pk, "kpa") in needs and (people["hr"].pk, "kpa") not in needs
    assert needs[(people["official"].pk, "kpa")].source == "gap"
    assert needs[(people["official"].pk, "kpa")].target_level == 3
    assert added == len(needs)
    assert (
        services.needs_from_gaps(user=people["hr"].user, year=YEAR, on=date(2025, 6, 1)) == 0
    )  # no duplicates
    assert AuditEntry.objects.filter(action="competence.plan.needs_from_gaps").count() == 2
    with pytest.raises(PermissionDenied):
        services.needs_from_gaps(user=people["sa01_chief"].user, year=YEAR)


def test_a_need_from_an_assessment_conclusions(people):
    assessment = assess(people["official"], by=people["sa01_chief"], on=date(2025, 3, 3))
    assessment.conclusions = "Szkolenie z KPA i e-usług."
    assessment.save()
    need = services.need_from_assessment(user=people["sa01_chief"].user, assessment=assessment, year=YEAR)
    assert need.source == "assessment" and need.assessment == assessment and "KPA" in need.description


def test_budgets_totals_and_approval(people, units):
    hr = people["hr"].user
    services.budget_set(user=hr, year=YEAR, unit=units["SA-01"], amount=Decimal("5000"))
    need = services.need_raise(
        user=hr, staff=people["official"], year=YEAR, description="KPA", planned_cost=Decimal("1200")
    )
    services.need_update(user=hr, need=need, actual_cost=Decimal("1350.50"))
    plan = TrainingPlan.objects.get(year=YEAR)
    [row] = [r for r in services.plan_totals(plan) if r["unit"].code == "SA-01"]
    assert (row["budget"], row["planned"], row["actual"], row["left"]) == (
        Decimal("5000"),
        Decimal("1200"),
        Decimal("1350.50"),
        Decimal("3649.50"),
    )
    with pytest.raises(ServiceError, match="negative"):
        services.budget_set(user=hr, year=YEAR, unit=units["SA-01"], amount=Decimal("-1"))
    with pytest.raises(PermissionDenied):
        services.plan_approve(user=people["sa01_chief"].user, plan=plan)
    services.plan_approve(user=hr, plan=plan, on=date(2026, 12, 20))
    plan.refresh_from_db()
    assert plan.state == "approved" and plan.approved_by == hr
    entry = AuditEntry.objects.get(action="competence.plan.approved")
    assert entry.data["budget"] == "5000.00" and entry.data["planned"] == "1200.00"
    with pytest.raises(ServiceError, match="approved"):
        services.budget_set(user=hr, year=YEAR, unit=units["SA-01"], amount=Decimal("9000"))
    with pytest.raises(ServiceError, match="approved"):
        services.need_update(user=hr, need=need, planned_cost=Decimal("10"))
    assert UnitBudget.objects.get().amount == Decimal("5000")
    services.need_update(user=hr, need=need, actual_cost=Decimal("1400"))  # spending goes on


def test_totals_are_amounts_in_zloty_and_grosze_on_every_database(people, units):
    """The plan's page shows them as they come: "1200.00" beside "5000.00", never "1200" or "0"."""
    hr = people["hr"].user
    services.budget_set(user=hr, year=YEAR, unit=units["FN"], amount=Decimal("5000"))
    services.need_raise(
        user=hr, staff=people["official"], year=YEAR, description="KPA", planned_cost=Decimal("1200")
    )
    totals = {r["unit"].code: r for r in services.plan_totals(TrainingPlan.objects.get(year=YEAR))}
    assert [str(totals["SA-01"][key]) for key in ("budget", "planned", "actual", "left")] == [
        "0.00",
        "1200.00",
        "0.00",
        "-1200.00",
    ]
    assert [str(totals["FN"][key]) for key in ("budget", "planned", "actual", "left")] == [
        "5000.00",
        "0.00",
        "0.00",
        "5000.00",
    ]


def test_an_empty_plan_is_not_approved(people):
    plan = services.plan_for_year(year=YEAR)
    with pytest.raises(ServiceError, match="no training needs"):
        services.plan_approve(user=people["hr"].user, plan=plan)
    plan.refresh_from_db()
    assert plan.state == "draft"
