"""Training needs and the yearly training plan with its budget (u.p.s. art. 29: training is funded
in the financial plan), and training leave (Kodeks pracy art. 103^1–103^6).

Needs come from the gap matrix (a person's confirmed level below the level their position
requires), from periodic assessments' conclusions (the development plan), and from the person or
their superior. Each need is an item of its year's plan with a planned and an actual cost; HR
sets each unit's budget and approves the plan (after which the budgets are fixed)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence import training_policy
from magistrat.competence.models import (
    Assessment,
    Competence,
    LevelRecord,
    PositionRequirement,
    TrainingLeave,
    TrainingNeed,
    TrainingPlan,
    UnitBudget,
)
from magistrat.competence.schedule import direct_superior, primary_unit_id
from magistrat.core.audit import log_action, log_many
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm, require_may
from magistrat.org.models import Staff, Unit

MANAGE = "competence.manage_competence"
MIN_YEAR, MAX_YEAR = 2000, 2100
CENT = Decimal("0.01")


def _money(value) -> str:
    return f"{value:.2f}"


def plan_for_year(*, year: int) -> TrainingPlan:
    """The year's plan, opened as a draft when the first need or budget of the year comes."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ServiceError(
            _("Choose a year between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
        )
    plan, _created = TrainingPlan.objects.get_or_create(year=year)
    return plan


def _draft(plan: TrainingPlan) -> None:
    if plan.state == TrainingPlan.State.APPROVED:
        raise ServiceError(
            _("The training plan for %(year)s is approved: its budgets are fixed.") % {"year": plan.year}
        )


@transaction.atomic
def budget_set(*, user, year: int, unit: Unit, amount: Decimal) -> UnitBudget:
    require_may(user, MANAGE)
    if amount is None or amount < 0:
        raise ServiceError(_("A budget cannot be negative."), field="amount")
    plan = plan_for_year(year=year)
    _draft(plan)
    budget, _created = UnitBudget.objects.update_or_create(plan=plan, unit=unit, defaults={"amount": amount})
    log_action(
        budget,
        "competence.plan.budget_set",
        user=user,
        data={"year": year, "unit": str(unit), "amount": _money(amount)},
    )
    return budget


@transaction.atomic
def plan_approve(*, user, plan: TrainingPlan, on: date | None = None) -> TrainingPlan:
    """The HR officer approves the year's plan (its needs and budgets)."""
    require_may(user, MANAGE)
    _draft(plan)
    if not plan.needs.exclude(state=TrainingNeed.State.DROPPED).exists():
        raise ServiceError(_("The plan has no training needs yet."))
    plan.state, plan.approved_by, plan.approved_on = (
        TrainingPlan.State.APPROVED,
        user,
        on or timezone.localdate(),
    )
    plan.save()
    totals = plan_totals(plan)
    log_action(
        plan,
        "competence.plan.approved",
        user=user,
        data={
            "year": plan.year,
            "needs": plan.needs.exclude(state=TrainingNeed.State.DROPPED).count(),
            "budget": _money(sum((row["budget"] for row in totals), Decimal(0))),
            "planned": _money(sum((row["planned"] for row in totals), Decimal(0))),
        },
    )
    return plan


def plan_totals(plan: TrainingPlan) -> list[dict]:
    """Per unit: budget, planned cost, actual cost, what is left (budget − actual, or − planned
    while nothing is spent), in two grouped queries."""
    rows: dict[int, dict] = {}
    for budget in plan.budgets.select_related("unit"):
        rows[budget.unit_id] = {
            "unit": budget.unit,
            "budget": budget.amount,
            "planned": Decimal(0),
            "actual": Decimal(0),
            "needs": 0,
        }
    needs = (
        plan.needs.exclude(state=TrainingNeed.State.DROPPED)
        .values("unit_id")
        .annotate(planned=Sum("planned_cost"), actual=Sum("actual_cost"), count=Count("pk"))
    )
    units = Unit.objects.in_bulk([row["unit_id"] for row in needs])
    for row in needs:
        entry = rows.setdefault(
            row["unit_id"],
            {
                "unit": units[row["unit_id"]],
                "budget": Decimal(0),
                "planned": Decimal(0),
                "actual": Decimal(0),
                "needs": 0,
            },
        )
        entry["planned"], entry["actual"], entry["needs"] = (
            row["planned"] or 0,
            row["actual"] or 0,
            row["count"],
        )
    for entry in rows.values():
        for key in ("budget", "planned", "actual"):  # SQLite's SUM drops the scale PostgreSQL keeps
            entry[key] = Decimal(entry[key]).quantize(CENT)
        entry["left"] = entry["budget"] - max(entry["planned"], entry["actual"])
    return sorted(rows.values(), key=lambda r: r["unit"].code)


def _check_need(*, staff: Staff, competence: Competence | None, description: str, planned_cost) -> None:
    if competence is None and not description.strip():
        raise ServiceError(_("Name a competence or describe what is needed."), field="description")
    if planned_cost is not None and planned_cost < 0:
        raise ServiceError(_("A cost cannot be negative."), field="planned_cost")
    if not staff.is_active:
        raise ServiceError(_("The person is no longer employed."), field="staff")


@transaction.atomic
def need_raise(
    *,
    user,
    staff: Staff,
    year: int,
    competence: Competence | None = None,
    description: str = "",
    planned_cost: Decimal = Decimal(0),
    target_level: int | None = None,
    assessment: Assessment | None = None,
    source: str = "",
) -> TrainingNeed:
    """A need raised by the person themselves, their direct superior or HR (the source follows
    who raised it, unless HR takes it from the gap matrix or an assessment)."""
    own = staff.user_id == user.pk
    if not own:
        require_may(user, MANAGE, staff)  # HR, or the direct superior (competence/permissions.py)
    _check_need(staff=staff, competence=competence, description=description, planned_cost=planned_cost)
    if not source:
        superior = direct_superior(staff)
        source = (
            TrainingNeed.Source.PERSON
            if own
            else TrainingNeed.Source.SUPERIOR
            if superior is not None and superior.user_id == user.pk
            else TrainingNeed.Source.HR
        )
    unit_id = primary_unit_id(staff)
    if unit_id is None:
        raise ServiceError(_("The person has no primary unit."), field="staff")
    plan = plan_for_year(year=year)
    if (
        competence is not None
        and plan.needs.filter(staff=staff, competence=competence)
        .exclude(state=TrainingNeed.State.DROPPED)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s already has a need for %(competence)s in the %(year)s plan.")
            % {"person": staff, "competence": competence, "year": year},
            field="competence",
        )
    need = TrainingNeed.objects.create(
        plan=plan,
        staff=staff,
        unit_id=unit_id,
        competence=competence,
        target_level=target_level,
        description=description or (str(competence) if competence else ""),
        source=source,
        assessment=assessment,
        planned_cost=planned_cost or Decimal(0),
        raised_by=user,
    )
    log_action(
        need,
        "competence.need.raised",
        user=user,
        data={
            "employee": str(staff),
            "year": year,
            "competence": str(competence or ""),
            "source": str(TrainingNeed.Source(source).label),
            "planned_cost": _money(need.planned_cost),
        },
    )
    return need


def gap_rows(*, day: date):
    """(staff, competence, required, held) for every active person whose confirmed level is below
    the level their position requires on `day`."""
    requirements = PositionRequirement.objects.on(day).select_related("competence")
    by_position: dict[int, list[PositionRequirement]] = {}
    for requirement in requirements:
        by_position.setdefault(requirement.position_id, []).append(requirement)
    staff = list(
        Staff.objects.filter(is_active=True, position_id__in=by_position)
        .select_related("user", "position")
        .prefetch_related("memberships")
    )
    held = {
        (r["staff_id"], r["competence_id"]): r["level"]
        for r in LevelRecord.objects.filter(is_current=True, staff__in=staff).values(
            "staff_id", "competence_id", "level"
        )
    }
    for person in staff:
        for requirement in by_position[person.position_id]:
            level = held.get((person.pk, requirement.competence_id), 0)
            if level < requirement.level:
                yield person, requirement.competence, requirement.level, level


@transaction.atomic
def needs_from_gaps(*, user, year: int, unit_ids=None, on: date | None = None) -> int:
    """HR fills the year's needs from the gap matrix: one need per person and competence below the
    required level, skipping those already in the plan. Returns how many were added."""
    require_may(user, MANAGE)
    if not has_perm(user, MANAGE):
        raise ServiceError(_("Only HR builds the plan from the gap matrix."))
    plan = plan_for_year(year=year)
    existing = set(
        plan.needs.exclude(competence__isnull=True)
        .exclude(state=TrainingNeed.State.DROPPED)
        .values_list("staff_id", "competence_id")
    )
    new = []
    for person, competence, required, level in gap_rows(day=on or timezone.localdate()):
        unit_id = primary_unit_id(person)
        if unit_id is None or (unit_ids is not None and unit_id not in unit_ids):
            continue
        if (person.pk, competence.pk) in existing:
            continue
        existing.add((person.pk, competence.pk))
        new.append(
            TrainingNeed(
                plan=plan,
                staff=person,
                unit_id=unit_id,
                competence=competence,
                target_level=required,
                description=_("Gap: level %(held)s of %(required)s required")
                % {"held": level, "required": required},
                source=TrainingNeed.Source.GAP,
                raised_by=user,
            )
        )
    return needs_add(plan, new, user=user, action="competence.plan.needs_from_gaps", data={"year": year})


def needs_add(plan: TrainingPlan, needs: list[TrainingNeed], *, user, action: str, data: dict) -> int:
    """Needs made in bulk (from the gap matrix, from a document): saved in one query, one field-diff
    entry each, as a need raised one by one has (who raised it: the trail agrees), and the named
    event on the plan with how many. Returns how many."""
    TrainingNeed.objects.bulk_create(needs)
    log_many(needs, "competence.trainingneed.created", user=user)
    log_action(plan, action, user=user, data=data | {"needs": len(needs)})
    return len(needs)


@transaction.atomic
def need_from_assessment(*, user, assessment: Assessment, year: int) -> TrainingNeed:
    """A need from a made periodic assessment's conclusions (its development plan)."""
    if assessment.state == Assessment.State.DRAFT or not assessment.conclusions.strip():
        raise ServiceError(_("The assessment has no conclusions to plan training from yet."))
    return need_raise(
        user=user,
        staff=assessment.employee,
        year=year,
        description=assessment.conclusions,
        assessment=assessment,
        source=TrainingNeed.Source.ASSESSMENT,
    )


@transaction.atomic
def need_update(
    *, user, need: TrainingNeed, planned_cost=None, actual_cost=None, state: str = ""
) -> TrainingNeed:
    """HR sets a need's costs (per item of the plan) or state (dropped, met)."""
    require_may(user, MANAGE)
    if not has_perm(user, MANAGE):
        raise ServiceError(_("Only HR changes the items of the plan."))
    if planned_cost is not None and planned_cost < 0 or actual_cost is not None and actual_cost < 0:
        raise ServiceError(_("A cost cannot be negative."), field="planned_cost")
    if planned_cost is not None and planned_cost != need.planned_cost:
        _draft(
            TrainingPlan.objects.get(pk=need.plan_id)
        )  # the planned costs are fixed with the approved plan
    if state and state not in TrainingNeed.State.values:
        raise ServiceError(_("Choose a state."), field="state")
    changed = {}
    for field, value in (("planned_cost", planned_cost), ("actual_cost", actual_cost)):
        if value is not None and value != getattr(need, field):
            changed[field] = _money(value)
            setattr(need, field, value)
    if state and state != need.state:
        changed["state"] = str(TrainingNeed.State(state).label)
        need.state = state
    if not changed:
        return need
    need.save()
    log_action(need, "competence.need.changed", user=user, data={"employee": str(need.staff), **changed})
    return need


# --- Training leave (Kodeks pracy art. 103^1–103^6) ------------------------------------------------


def leave_used(*, staff: Staff, kind: str, year: int, exclude_pk: int | None = None) -> int:
    leaves = TrainingLeave.objects.filter(staff=staff, kind=kind, starts_on__year=year)
    if exclude_pk:
        leaves = leaves.exclude(pk=exclude_pk)
    return leaves.aggregate(total=Sum("days"))["total"] or 0


@transaction.atomic
def leave_grant(*, user, staff: Staff, kind: str, starts_on: date, days: int, study: str) -> TrainingLeave:
    """Days of training leave for a person the employer directed to study; refused over the
    statutory maximum of art. 103^2 § 1 for the kind in the calendar year."""
    require_may(user, MANAGE)
    if not has_perm(user, MANAGE):
        raise ServiceError(_("Only HR grants training leave."))
    kinds = training_policy.leave_kinds()
    if kind not in kinds:
        raise ServiceError(_("Choose the purpose of the leave."), field="kind")
    if days is None or days < 1:
        raise ServiceError(_("Give at least one day."), field="days")
    if not study.strip():
        raise ServiceError(_("Name the studies or the examination."), field="study")
    # Row lock on the person: two grants at once cannot both pass the maximum.
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    maximum = int(kinds[kind]["max_days"])
    used = leave_used(staff=staff, kind=kind, year=starts_on.year)
    if used + days > maximum:
        raise ServiceError(
            _(
                "Training leave for this purpose is at most %(max)s days (%(basis)s); %(used)s already "
                "granted in %(year)s."
            )
            % {"max": maximum, "basis": kinds[kind]["basis"], "used": used, "year": starts_on.year},
            field="days",
        )
    unit_id = primary_unit_id(staff)
    if unit_id is None:
        raise ServiceError(_("The person has no primary unit."), field="staff")
    leave = TrainingLeave.objects.create(
        staff=staff, unit_id=unit_id, kind=kind, starts_on=starts_on, days=days, study=study, granted_by=user
    )
    log_action(
        leave,
        "competence.leave.granted",
        user=user,
        data={
            "employee": str(staff),
            "purpose": training_policy.localized(kinds[kind]["name"]),
            "days": days,
            "starts_on": starts_on.isoformat(),
            "basis": kinds[kind]["basis"],
        },
    )
    return leave
