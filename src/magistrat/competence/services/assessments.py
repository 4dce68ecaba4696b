"""Periodic assessments of officials (u.p.s. art. 27): start, marks, delivery, appeal, decision.

Only the direct superior assesses (ust. 2; nobody stands in, not even HR); the intervals of ust. 2
and ust. 8 are checked when an assessment starts and again when it is made; the 7 days for an
appeal run from delivery to the employee (ust. 5); the head of the office decides within 14 days
(ust. 6) and an upheld appeal changes the assessment or orders a new one (ust. 7); a second
negative assessment in a row is flagged for HR to decide on (ust. 9). Every `on` defaults to today.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.competence.models import Appeal, Assessment, AssessmentOrder, Outcome
from magistrat.competence.schedule import UnitTree, exclusion, primary_unit_id, timing
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm, require_may
from magistrat.org.models import Staff

MANAGE = "competence.manage_competence"
VIEW = "competence.view_competence"


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field=field)


def _check_interval(employee: Staff, on: date, *, exclude: Assessment | None = None) -> None:
    """Refuse an assessment on `on` that breaks art. 27 ust. 2 or ust. 8."""
    history = list(
        Assessment.objects.counted()
        .filter(employee=employee)
        .exclude(pk=exclude.pk if exclude else None)
        .select_related("appeal", "order")
        .order_by("-started_on", "-pk")
    )
    when = timing(employee, today=on, history=history)
    if when.in_progress is not None and when.in_progress.state == Assessment.State.DELIVERED:
        raise ServiceError(
            _("The previous assessment has not ended yet: it may be appealed until %(date)s.")
            % {"date": _day(when.in_progress.appeal_until or on)}
        )
    if when.in_progress is not None:
        raise ServiceError(
            _("An assessment of this person is still in progress (started on %(date)s).")
            % {"date": _day(when.in_progress.started_on)}
        )
    if when.earliest is not None and on < when.earliest and when.previous is not None:
        if when.previous.is_negative:
            raise ServiceError(
                _(
                    "After a negative assessment the next one may be made no sooner than 3 months after "
                    "the previous one ended (art. 27 ust. 8): not before %(date)s."
                )
                % {"date": _day(when.earliest)}
            )
        raise ServiceError(
            _(
                "An official is assessed not more often than every 6 months (art. 27 ust. 2): the last "
                "assessment was made on %(last)s, the next one not before %(date)s."
            )
            % {"last": _day(when.previous.assessed_on or on), "date": _day(when.earliest)}
        )


@transaction.atomic
def assessment_start(*, user, employee: Staff, on: date | None = None) -> Assessment:
    """The direct superior starts an assessment, under the order in force that day."""
    on = on or timezone.localdate()
    unit_id = primary_unit_id(employee)
    superior, reason = UnitTree().superior_of(employee, unit_id)
    if superior is None or superior.user_id != user.pk:
        raise ServiceError(
            _(
                "Only the direct superior (%(superior)s) may assess %(person)s; "
                "nobody may stand in (art. 27 ust. 2)."
            )
            % {"superior": superior or reason, "person": employee}
        )
    require_may(user, MANAGE, employee)
    excluded = exclusion(employee)
    if excluded:
        raise ServiceError(excluded)
    order = AssessmentOrder.in_force(on)
    if order is None:
        raise ServiceError(_("No order on periodic assessments is in force on that day (art. 28)."))
    assert unit_id is not None  # a person without a unit has no direct superior
    Staff.objects.select_for_update().filter(user_id=employee.user_id).first()  # one start at a time
    _check_interval(employee, on)
    assessment = Assessment.objects.create(
        employee=employee,
        unit_id=unit_id,
        superior=user,
        order=order,
        started_on=on,
    )
    log_action(
        assessment,
        "competence.assessment.started",
        user=user,
        data={"employee": str(employee), "order": order.version, "started_on": on.isoformat()},
    )
    return assessment


def _require_superior(user, assessment: Assessment) -> None:
    if assessment.superior_id != user.pk:
        raise ServiceError(
            _("Only the direct superior who assesses may do this; nobody may stand in (art. 27 ust. 2).")
        )
    require_may(user, MANAGE, assessment)


@transaction.atomic
def assessment_save(
    *, user, assessment: Assessment, marks: dict[str, dict], conclusions: str = ""
) -> Assessment:
    """The superior fills in a mark (and a comment) for each criterion of the assessment's order."""
    _require_superior(user, assessment)
    if assessment.state != Assessment.State.DRAFT:
        raise ServiceError(_("Only an assessment being prepared can be changed."))
    values = set(assessment.order.scale_labels())
    codes = set(assessment.order.criterion_names())
    cleaned = {}
    for code, mark in marks.items():
        if code not in codes:
            raise ServiceError(_("Unknown criterion."))
        value = mark.get("value")
        if value is not None and int(value) not in values:
            raise ServiceError(_("The mark is not on the scale of the order."), field=f"mark_{code}")
        cleaned[code] = {"value": None if value is None else int(value), "comment": mark.get("comment", "")}
    assessment.marks = cleaned
    assessment.conclusions = conclusions
    assessment.score = assessment.mean_mark()
    assessment.save()
    log_action(assessment, "competence.assessment.saved", user=user, data={"marks": len(cleaned)})
    return assessment


def _previous_final(assessment: Assessment) -> Assessment | None:
    earlier = (
        Assessment.objects.counted()
        .filter(employee=assessment.employee, assessed_on__isnull=False)
        .exclude(pk=assessment.pk)
        .select_related("appeal")
        .order_by("-assessed_on", "-pk")
    )
    return earlier.first()


@transaction.atomic
def assessment_issue(*, user, assessment: Assessment, on: date | None = None) -> Assessment:
    """The superior makes the assessment (every criterion marked): its outcome follows from the
    order's pass mark. It is then delivered without delay (art. 27 ust. 4)."""
    on = on or timezone.localdate()
    _require_superior(user, assessment)
    if assessment.state != Assessment.State.DRAFT:
        raise ServiceError(_("This assessment has already been made."))
    score = assessment.mean_mark()
    if score is None:
        raise ServiceError(_("Give a mark for every criterion before making the assessment."))
    if on < assessment.started_on:
        raise ServiceError(_("An assessment cannot be made before it started."), field="on")
    _check_interval(assessment.employee, on, exclude=assessment)
    assessment.score = score
    assessment.outcome = Outcome.NEGATIVE if assessment.order.is_negative(score) else Outcome.POSITIVE
    assessment.assessed_on = on
    assessment.state = Assessment.State.ISSUED
    previous = _previous_final(assessment)
    assessment.second_negative = bool(
        assessment.outcome == Outcome.NEGATIVE and previous is not None and previous.is_negative
    )
    assessment.save()
    log_action(
        assessment,
        "competence.assessment.issued",
        user=user,
        data={"employee": str(assessment.employee), "outcome": assessment.outcome, "score": str(score)},
    )
    if assessment.second_negative:
        _flag_second_negative(assessment, user)
    return assessment


def _flag_second_negative(assessment: Assessment, user) -> None:
    log_action(
        assessment,
        "competence.assessment.second_negative",
        user=user,
        data={"employee": str(assessment.employee), "basis": "u.p.s. art. 27 ust. 9"},
    )


@transaction.atomic
def assessment_deliver(
    *,
    user,
    assessment: Assessment,
    delivered_on: date | None = None,
    delivered_to_head_on: date | None = None,
) -> Assessment:
    """Record delivery to the employee and to the head of the office (art. 27 ust. 4); the 7 days
    for an appeal run from delivery to the employee."""
    require_may(user, MANAGE, assessment)
    if assessment.state not in (Assessment.State.ISSUED, Assessment.State.DELIVERED):
        raise ServiceError(_("Only a made assessment is delivered."))
    if delivered_on is None and delivered_to_head_on is None:
        raise ServiceError(_("Give a date of delivery."), field="delivered_on")
    assert assessment.assessed_on is not None
    for field, day in (("delivered_on", delivered_on), ("delivered_to_head_on", delivered_to_head_on)):
        if day is None:
            continue
        _not_future(day, field)
        if day < assessment.assessed_on:
            raise ServiceError(_("An assessment cannot be delivered before it was made."), field=field)
        if getattr(assessment, field) is not None:
            raise ServiceError(_("This delivery has already been recorded."), field=field)
        setattr(assessment, field, day)
    if assessment.delivered_on is not None:
        assessment.state = Assessment.State.DELIVERED
    assessment.save()
    log_action(
        assessment,
        "competence.assessment.delivered",
        user=user,
        data={
            "delivered_on": delivered_on.isoformat() if delivered_on else "",
            "delivered_to_head_on": delivered_to_head_on.isoformat() if delivered_to_head_on else "",
        },
    )
    return assessment


def _require_employee(user, assessment: Assessment) -> None:
    if assessment.employee.user_id != user.pk:
        raise ServiceError(_("Only the assessed employee may do this."))
    require_may(user, VIEW, assessment)


@transaction.atomic
def assessment_confirm_receipt(*, user, assessment: Assessment, on: date | None = None) -> Assessment:
    """The employee confirms receiving the assessment: the day of delivery, if not yet recorded."""
    on = on or timezone.localdate()
    _require_employee(user, assessment)
    if assessment.state != Assessment.State.ISSUED:
        raise ServiceError(_("There is no assessment waiting for your confirmation."))
    assessment.delivered_on = on
    assessment.state = Assessment.State.DELIVERED
    assessment.save()
    log_action(
        assessment,
        "competence.assessment.receipt_confirmed",
        user=user,
        data={"delivered_on": on.isoformat()},
    )
    return assessment


@transaction.atomic
def appeal_file(*, user, assessment: Assessment, reasons: str, on: date | None = None) -> Appeal:
    """The employee appeals to the head of the office within 7 days of delivery (art. 27 ust. 5)."""
    on = on or timezone.localdate()
    _require_employee(user, assessment)
    if assessment.state != Assessment.State.DELIVERED or assessment.appeal_until is None:
        raise ServiceError(_("An appeal can be filed only against a delivered assessment."))
    if on > assessment.appeal_until:
        raise ServiceError(
            _("The 7 days for an appeal ran out on %(date)s (art. 27 ust. 5).")
            % {"date": _day(assessment.appeal_until)}
        )
    if not reasons.strip():
        raise ServiceError(_("Give the reasons of the appeal."), field="reasons")
    appeal = Appeal.objects.create(assessment=assessment, filed_on=on, filed_by=user, reasons=reasons)
    assessment.state = Assessment.State.APPEALED
    assessment.save()
    log_action(
        appeal,
        "competence.appeal.filed",
        user=user,
        data={
            "employee": str(assessment.employee),
            "filed_on": on.isoformat(),
            "due_on": appeal.clock.due_day.isoformat(),
        },
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    user,
    appeal: Appeal,
    decision: str,
    reasons: str,
    changed_outcome: str = "",
    on: date | None = None,
) -> Appeal:
    """The head's decision: dismissed, the assessment changed, or a new assessment ordered (ust. 7)."""
    on = on or timezone.localdate()
    require_may(user, MANAGE, appeal)
    assessment = appeal.assessment
    if assessment.state != Assessment.State.APPEALED or appeal.decision:
        raise ServiceError(_("This appeal has already been decided."))
    if decision not in Appeal.Decision.values:
        raise ServiceError(_("Choose a decision."), field="decision")
    if on < appeal.filed_on:
        raise ServiceError(_("An appeal cannot be decided before it was filed."), field="on")
    if not reasons.strip():
        raise ServiceError(_("Give the reasons of the decision."), field="reasons")
    if decision == Appeal.Decision.CHANGED:
        if changed_outcome not in Outcome.values:
            raise ServiceError(_("Give the changed outcome of the assessment."), field="changed_outcome")
    else:
        changed_outcome = ""
    appeal.decision, appeal.decision_reasons, appeal.changed_outcome = decision, reasons, changed_outcome
    appeal.decided_on, appeal.decided_by = on, user
    appeal.save()
    data: dict[str, object] = {
        "employee": str(assessment.employee),
        "decision": decision,
        "decided_on": on.isoformat(),
    }
    if decision == Appeal.Decision.REASSESS:
        assessment.state = Assessment.State.ANNULLED
        assessment.second_negative = False
        assessment.save()
        new = Assessment.objects.create(
            employee=assessment.employee,
            unit=assessment.unit,
            superior=assessment.superior,
            order=AssessmentOrder.in_force(on) or assessment.order,
            started_on=on,
            replaces=assessment,
        )
        data["new_assessment"] = new.pk
    else:
        assessment.state = Assessment.State.DECIDED
        if decision == Appeal.Decision.CHANGED:
            previous = _previous_final(assessment)
            was = assessment.second_negative
            assessment.second_negative = bool(
                changed_outcome == Outcome.NEGATIVE and previous is not None and previous.is_negative
            )
            assessment.save()
            if assessment.second_negative and not was:
                _flag_second_negative(assessment, user)
        else:
            assessment.save()
    log_action(appeal, "competence.appeal.decided", user=user, data=data)
    return appeal


@transaction.atomic
def second_negative_record(*, user, assessment: Assessment, note: str, on: date | None = None) -> Assessment:
    """HR records what the office decided after a second negative assessment (art. 27 ust. 9
    makes it end the employment with notice; a person decides and acts, not the system)."""
    on = on or timezone.localdate()
    if not has_perm(user, MANAGE):
        raise ServiceError(_("Only HR records the decision after a second negative assessment."))
    if not assessment.second_negative or assessment.second_negative_handled_on:
        raise ServiceError(_("There is no open alert on this assessment."))
    if not note.strip():
        raise ServiceError(_("Describe the decision taken."), field="note")
    assessment.second_negative_handled_on, assessment.second_negative_note = on, note
    assessment.save()
    log_action(
        assessment, "competence.assessment.second_negative_recorded", user=user, data={"decision_taken": note}
    )
    return assessment


def assessment_viewed(*, user, assessment: Assessment, what: str = "page") -> None:
    """Opening someone else's assessment is recorded (personal data of the personnel file)."""
    if assessment.employee.user_id != user.pk:
        log_action(
            assessment,
            "competence.assessment.viewed",
            user=user,
            data={"employee": str(assessment.employee), "view": what},
        )
