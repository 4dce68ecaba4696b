"""The head's order on periodic assessments (u.p.s. art. 28): the shipped default and new versions."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from magistrat.competence.models import AssessmentOrder
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.reference import load_yaml


def default_order_data() -> dict:
    """The shipped default order (competence/data/assessment_order.yaml)."""
    return load_yaml("competence", "assessment_order.yaml")["order"]


@transaction.atomic
def order_load_default(*, using: str = "default") -> AssessmentOrder | None:
    """Version 1 from the shipped default when the office has no order yet (after every migrate)."""
    if AssessmentOrder.objects.using(using).exists():
        return None
    data = default_order_data()
    order = AssessmentOrder(
        version=1,
        title=data["title"],
        in_force_from=data["in_force_from"],
        criteria=data["criteria"],
        scale=data["scale"],
        pass_mark=Decimal(data["pass_mark"]),
        after_negative_due_months=data["after_negative_due_months"],
        warn_days=data["warn_days"],
        procedure=data["procedure"],
    )
    order.save(using=using)
    return order


def _check_shape(criteria: list[dict], scale: list[dict], pass_mark: Decimal) -> None:
    if not criteria:
        raise ServiceError(_("Give at least one criterion."), field="criteria")
    bases = {c["basis"] for c in criteria}
    if not set(AssessmentOrder.Basis.values) <= bases:
        # art. 27 ust. 3: the assessment covers the job's duties and those of art. 24 and 25 ust. 1
        raise ServiceError(
            _(
                "The criteria must cover the duties of the job description and of art. 24 and "
                "art. 25 ust. 1 (art. 27 ust. 3)."
            ),
            field="criteria",
        )
    values = [int(s["value"]) for s in scale]
    if len(values) < 2 or len(set(values)) != len(values):
        raise ServiceError(_("The scale needs at least two different marks."), field="scale")
    if not min(values) < pass_mark <= max(values):
        raise ServiceError(_("The pass mark must lie within the scale."), field="pass_mark")


@transaction.atomic
def order_create(
    *,
    user,
    title: str,
    in_force_from: date,
    criteria: list[dict],
    scale: list[dict],
    pass_mark: Decimal,
    after_negative_due_months: int,
    warn_days: int,
    procedure: str = "",
) -> AssessmentOrder:
    """A new version of the order, in force from its date; assessments already started keep theirs."""
    require_may(user, "competence.manage_competence")
    _check_shape(criteria, scale, pass_mark)
    latest = AssessmentOrder.objects.select_for_update().aggregate(n=Max("version"))["n"] or 0
    order = AssessmentOrder(
        version=latest + 1,
        title=title,
        in_force_from=in_force_from,
        criteria=criteria,
        scale=sorted(scale, key=lambda s: int(s["value"])),
        pass_mark=pass_mark,
        after_negative_due_months=after_negative_due_months,
        warn_days=warn_days,
        procedure=procedure,
    )
    clean_or_refuse(order)
    order.save()
    log_action(
        order,
        "competence.order.created",
        user=user,
        data={
            "version": order.version,
            "in_force_from": in_force_from.isoformat(),
            "criteria": len(criteria),
        },
    )
    return order
