"""Writes to the risk and opportunity register (ISO 9001 6.1; management control), each a named
audit event: record, re-rate (with the reason, the levels before and after), change, close; plan
an action on a record into the one action register."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.reference import localized
from magistrat.core.riskmatrix import default_matrix, level_of
from magistrat.quality.models import Action, QualityRisk
from magistrat.quality.services.actions import action_create

MANAGE = "quality.manage_quality"


def _rate(risk: QualityRisk, likelihood: int, impact: int) -> dict:
    try:
        level = level_of(risk.matrix_definition, likelihood, impact)
    except ValidationError as error:
        raise ServiceError(error.messages[0], field=error.code) from error
    risk.likelihood, risk.impact = likelihood, impact
    risk.level_id, risk.level_rank, risk.acceptable = level["id"], level["rank"], level["acceptable"]
    return level


def _rating(risk: QualityRisk) -> str:
    return f"{risk.likelihood}×{risk.impact} {localized(risk.level)}"


def _clean_text(values: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


@transaction.atomic
def risk_create(*, by, likelihood: int, impact: int, **values) -> QualityRisk:
    """Record a risk or an opportunity, rated with the office's default matrix (its definition is
    kept with the record)."""
    matrix = default_matrix()
    risk = QualityRisk(
        matrix_code=matrix["code"],
        matrix_version=matrix["version"],
        matrix_definition=matrix,
        **_clean_text(values),
    )
    require_may(by, MANAGE, risk)
    _rate(risk, likelihood, impact)
    clean_or_refuse(risk)
    risk.save()
    log_action(
        risk,
        "quality.risk.created",
        user=by,
        data={
            "kind": str(risk.get_kind_display()),
            "rating": _rating(risk),
            "owner": risk.owner.get_username(),
            "response": str(risk.get_response_display()),
        },
    )
    return risk


@transaction.atomic
def risk_change(*, by, risk: QualityRisk, reason: str, likelihood: int, impact: int, **values) -> QualityRisk:
    """Change a record or re-rate it; the reason is kept with the levels before and after."""
    require_may(by, MANAGE, risk)
    if risk.state != QualityRisk.State.OPEN:
        raise ServiceError(_("A closed record cannot be changed."))
    if not reason.strip():
        raise ServiceError(_("Say why the record changes."), field="reason")
    before = _rating(risk)
    for name, value in _clean_text(values).items():
        setattr(risk, name, value)
    _rate(risk, likelihood, impact)
    clean_or_refuse(risk)
    risk.save()
    log_action(
        risk,
        "quality.risk.changed",
        user=by,
        data={"reason": reason.strip(), "rating_before": before, "rating": _rating(risk)},
    )
    return risk


@transaction.atomic
def risk_close(*, by, risk: QualityRisk, reason: str) -> QualityRisk:
    require_may(by, MANAGE, risk)
    if risk.state != QualityRisk.State.OPEN:
        raise ServiceError(_("The record is closed already."))
    if not reason.strip():
        raise ServiceError(_("Say why the record is closed."), field="reason")
    if Action.objects.of(risk).open().exists():
        raise ServiceError(_("Finish or cancel the open actions on this record first."))
    risk.state, risk.closed_note = QualityRisk.State.CLOSED, reason.strip()
    risk.save(update_fields=["state", "closed_note", "updated_at"])
    log_action(risk, "quality.risk.closed", user=by, data={"reason": risk.closed_note})
    return risk


def risk_action_add(*, by, risk: QualityRisk, **fields) -> Action:
    """An action treating the risk (or pursuing the opportunity), in the one action register."""
    require_may(by, MANAGE, risk)
    if risk.state != QualityRisk.State.OPEN:
        raise ServiceError(_("A closed record takes no new actions."))
    return action_create(by=by, origin=risk, **fields)


def risk_review_due(*, today: date):
    return QualityRisk.objects.open().filter(review_on__lte=today)
