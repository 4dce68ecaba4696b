"""Writes to risk assessments: scenarios with their ratings, treatment tasks and owner sign-off.

Every change of a scenario or of its treatment plan bumps the scenario's revision, stores the new
state as a RiskRevision and voids the owner's sign-off of the earlier revision (clause 6.1.3 f:
the owner accepted *that* residual risk and *that* plan).
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action, set_related
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.numbering import next_number
from magistrat.core.permissions import require_may
from magistrat.isms import policy
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    RiskAssessment,
    RiskMatrix,
    RiskRevision,
    RiskScenario,
    RiskSignOff,
    TreatmentTask,
)
from magistrat.isms.models.risks import STAGES

SIGN_OFF_MAX_DAYS = policy.value("sign_off_max_days")  # the reason: isms/data/policy.yaml


@transaction.atomic
def assessment_create(
    *, title: str, scope: str, assessed_on: date, participants: str, matrix: RiskMatrix, unit=None
) -> RiskAssessment:
    """A new assessment; the matrix in force is copied into it and never changes with it."""
    assessment = RiskAssessment(
        title=title,
        scope=scope,
        assessed_on=assessed_on,
        participants=participants,
        unit=unit,
        matrix=matrix,
        matrix_definition=matrix.definition,
    )
    clean_or_refuse(assessment)
    assessment.save()
    return assessment


def _rate(scenario: RiskScenario) -> None:
    """Check every rating against the assessment's matrix and store the levels."""
    for stage in STAGES:
        try:
            level = scenario.level(stage)
        except ValidationError as exc:
            field = f"{stage}_{exc.code}" if exc.code in ("likelihood", "impact") else None
            raise ServiceError(exc.messages[0], field=field) from exc
        setattr(scenario, f"{stage}_rank", level["rank"])
        if stage == "residual":
            scenario.residual_acceptable = level["acceptable"]


def risk_data(scenario: RiskScenario) -> dict:
    """What the scenario says now, as stored in its history and in a sign-off."""
    levels = {stage: scenario.level(stage) for stage in STAGES}
    return {
        "code": scenario.code,
        "title": scenario.title,
        "threat": scenario.threat,
        "vulnerability": scenario.vulnerability,
        "existing_controls": scenario.existing_controls,
        **{
            stage: {
                "likelihood": scenario.rating(stage)[0],
                "impact": scenario.rating(stage)[1],
                "level": levels[stage]["id"],
                "level_pl": levels[stage]["pl"],
                "level_en": levels[stage]["en"],
                "acceptable": levels[stage]["acceptable"],
            }
            for stage in STAGES
        },
        "treatment": scenario.treatment,
        "owner": scenario.owner.get_full_name() or scenario.owner.get_username(),
        "owner_id": scenario.owner_id,
        "assets": sorted(scenario.assets.values_list("code", flat=True)),
        "controls": sorted(str(c) for c in scenario.controls.select_related("reference")),
        "tasks": [
            {
                "title": t.title,
                "owner_id": t.owner_id,
                "due_on": t.due_on.isoformat(),
                "control_id": t.control_id,
            }
            for t in scenario.tasks.order_by("pk")
        ],
    }


def _record(scenario: RiskScenario, *, by, reason: str) -> bool:
    """Store a new revision if the scenario differs from its latest one; void older sign-offs."""
    data = risk_data(scenario)
    latest = scenario.revisions.order_by("-revision").first()
    if latest is not None and latest.data == data:
        return False
    if latest is not None:
        scenario.revision = latest.revision + 1
        scenario.save(update_fields=["revision", "updated_at"])
        for sign_off in scenario.sign_offs.filter(invalidated_at__isnull=True):
            sign_off.invalidated_at = timezone.now()
            sign_off.invalidated_reason = _("The risk changed (revision %(revision)d).") % {
                "revision": scenario.revision
            }
            sign_off.save()
            log_action(sign_off, "isms.risk.sign_off_invalidated", data={"revision": scenario.revision})
    RiskRevision.objects.create(
        scenario=scenario, revision=scenario.revision, recorded_by=by, reason=reason[:300], data=data
    )
    log_action(
        scenario,
        "isms.risk.revision_recorded",
        user=by,
        data={
            "risk": scenario.code,
            "revision": scenario.revision,
            "reason": reason[:300],
            "residual": data["residual"]["level"],
            "treatment": scenario.treatment,
        },
    )
    return True


@transaction.atomic
def risk_save(
    *,
    scenario: RiskScenario,
    assets: Iterable[Asset] = (),
    controls: Iterable[AppliedControl] = (),
    by=None,
    reason: str = "",
) -> RiskScenario:
    """Create or change a risk scenario. A change to an existing one needs a reason."""
    creating = scenario.pk is None
    if not creating and not reason.strip():
        raise ServiceError(_("Say why the risk is being changed."), field="reason")
    _rate(scenario)
    if creating:
        year = scenario.assessment.assessed_on.year
        scenario.code = f"R-{year}-{next_number('isms-risks', year):04d}"
    clean_or_refuse(scenario, exclude=("code", "revision"))
    scenario.save()
    set_related(scenario, "assets", assets)
    set_related(scenario, "controls", controls)
    _record(scenario, by=by, reason=reason or _("Risk identified."))
    return scenario


@transaction.atomic
def task_save(*, task: TreatmentTask, by=None) -> TreatmentTask:
    """Add or change a step of the treatment plan: the plan changes, so does the risk's revision."""
    if task.pk is None and task.due_on < timezone.localdate():
        raise ServiceError(_("The deadline cannot be in the past."), field="due_on")
    clean_or_refuse(task)
    task.save()
    _record(task.scenario, by=by, reason=_("Treatment plan: %(task)s") % {"task": task.title})
    return task


@transaction.atomic
def task_complete(*, task: TreatmentTask, user, note: str = "") -> TreatmentTask:
    """The task's owner (or the security officer) marks a step of the treatment plan done."""
    require_may(user, "isms.manage_isms", task)
    if task.done_at is not None:
        raise ServiceError(_("The task is already done."))
    task.done_at, task.done_note = timezone.now(), note
    task.save()
    log_action(
        task,
        "isms.task.completed",
        user=user,
        data={
            "risk": task.scenario.code,
            "task": task.title,
            "due_on": task.due_on.isoformat(),
            "note": note,
        },
    )
    return task


@transaction.atomic
def risk_sign_off(*, scenario: RiskScenario, user, justification: str, expires_on: date) -> RiskSignOff:
    """The risk owner approves the plan and accepts the residual risk as it stands now."""
    if user.pk != scenario.owner_id:
        raise ServiceError(_("Only the risk owner can sign off this risk."))
    if not justification.strip():
        raise ServiceError(_("Give the reasons for accepting the residual risk."), field="justification")
    today = timezone.localdate()
    latest = today + timedelta(days=SIGN_OFF_MAX_DAYS)
    if not today < expires_on <= latest:
        raise ServiceError(
            _("The sign-off must expire after today and no later than %(latest)s.")
            % {"latest": date_format(latest, "SHORT_DATE_FORMAT")},
            field="expires_on",
        )
    scenario = RiskScenario.objects.select_for_update().get(pk=scenario.pk)
    sign_off = RiskSignOff.objects.create(
        scenario=scenario,
        revision=scenario.revision,
        signed_by=user,
        justification=justification.strip(),
        expires_on=expires_on,
        snapshot=risk_data(scenario),
    )
    log_action(
        scenario, "isms.risk.signed_off", data={"revision": scenario.revision, "expires_on": str(expires_on)}
    )
    return sign_off
