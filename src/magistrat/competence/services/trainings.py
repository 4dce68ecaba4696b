"""Trainings and their delivery: the training (HR), enrolment (HR, or the direct superior for their
reports; refused over capacity or twice), attendance and completion, certificates as checked
uploads with their validity, and the effect on Kirkpatrick's levels 1–3 (reaction by the
participant, learning by pre/post test, behaviour by the superior some months later). Level 4
(results) is read, not written: `effect.results`."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence import mandatory, training_policy
from magistrat.competence.models import Certificate, Competence, Enrolment, Training, TrainingNeed
from magistrat.competence.schedule import direct_superior, primary_unit_id
from magistrat.core.audit import log_action
from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm, require_may
from magistrat.core.uploads import CheckedFile
from magistrat.org.models import Staff

MANAGE = "competence.manage_competence"


def _hr(user) -> None:
    require_may(user, MANAGE)
    if not has_perm(user, MANAGE):  # pragma: no cover - require_may without an object is has_perm
        raise ServiceError(_("Only HR manages trainings."))


def _check_training(data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise ServiceError(_("Give the title."), field="title")
    if data["ends_on"] < data["starts_on"]:
        raise ServiceError(_("The training cannot end before it starts."), field="ends_on")
    if data["hours"] is None or data["hours"] <= 0:
        raise ServiceError(_("Give the number of hours."), field="hours")
    if data.get("cost") is not None and data["cost"] < 0:
        raise ServiceError(_("A cost cannot be negative."), field="cost")
    if not data.get("capacity") or data["capacity"] < 1:
        raise ServiceError(_("A training has at least one place."), field="capacity")
    code = data.get("mandatory_code") or ""
    if code and mandatory.rule_get(code) is None:
        raise ServiceError(_("Unknown mandatory training."), field="mandatory_code")
    kpi = data.get("kpi_code") or ""
    if kpi:
        from magistrat.performance.sources import get_source

        if get_source(kpi) is None:
            raise ServiceError(_("Unknown KPI source."), field="kpi_code")


FIELDS = (
    "title",
    "provider_kind",
    "provider",
    "form",
    "starts_on",
    "ends_on",
    "hours",
    "cost",
    "capacity",
    "mandatory_code",
    "kpi_code",
    "behaviour_after_months",
)


@transaction.atomic
def training_create(*, user, competences=(), plan=None, **data) -> Training:
    _hr(user)
    data.setdefault("cost", Decimal(0))
    if not data.get("behaviour_after_months"):
        data["behaviour_after_months"] = training_policy.value("behaviour_after_months")
    _check_training(data)
    training = Training.objects.create(
        created_by=user, plan=plan, **{k: v for k, v in data.items() if k in FIELDS}
    )
    training.competences.set(competences)
    log_action(
        training,
        "competence.training.added",
        user=user,
        data={
            "title": training.title,
            "starts_on": training.starts_on.isoformat(),
            "ends_on": training.ends_on.isoformat(),
            "provider": training.get_provider_kind_display(),
            "cost": f"{training.cost:.2f}",
            "capacity": training.capacity,
            "competences": ", ".join(str(c) for c in competences),
        },
    )
    return training


def _open(training: Training) -> None:
    if training.cancelled:
        raise ServiceError(_("The training is cancelled."))


@transaction.atomic
def training_cancel(*, user, training: Training, reason: str) -> Training:
    _hr(user)
    _open(training)
    if training.enrolments.filter(state=Enrolment.State.COMPLETED).exists():
        raise ServiceError(_("Participants have completed the training: it cannot be cancelled."))
    if not reason.strip():
        raise ServiceError(_("Give the reason."), field="reason")
    training.cancelled = True
    training.save()
    log_action(
        training, "competence.training.cancelled", user=user, data={"title": training.title, "reason": reason}
    )
    return training


@transaction.atomic
def enrol(*, user, training: Training, staff: Staff, need: TrainingNeed | None = None) -> Enrolment:
    """HR enrols anyone; a direct superior their reports (competence/permissions.py). Refused over
    capacity, twice, on a cancelled or finished training."""
    require_may(user, MANAGE, staff)
    # Lock the training's row: two enrolments at once cannot both take the last place.
    training = Training.objects.select_for_update().get(pk=training.pk)
    _open(training)
    if training.ends_on < timezone.localdate() and not has_perm(user, MANAGE):
        raise ServiceError(_("The training is over."))
    if not staff.is_active:
        raise ServiceError(_("The person is no longer employed."), field="staff")
    if training.enrolments.filter(staff=staff).exists():
        raise ServiceError(_("%(person)s is already enrolled.") % {"person": staff}, field="staff")
    taken = training.enrolments.exclude(state=Enrolment.State.ABSENT).count()
    if taken >= training.capacity:
        raise ServiceError(
            _("The training is full (%(places)s places).") % {"places": training.capacity}, field="staff"
        )
    unit_id = primary_unit_id(staff)
    if unit_id is None:
        raise ServiceError(_("The person has no primary unit."), field="staff")
    enrolment = Enrolment.objects.create(training=training, staff=staff, unit_id=unit_id, enrolled_by=user)
    if need is not None and need.staff_id == staff.pk and need.state == TrainingNeed.State.OPEN:
        need.training, need.state = training, TrainingNeed.State.PLANNED
        need.save()
    log_action(
        enrolment,
        "competence.training.enrolled",
        user=user,
        data={"employee": str(staff), "training": str(training), "places_taken": taken + 1},
    )
    return enrolment


def _started(enrolment: Enrolment, on: date) -> None:
    if enrolment.training.starts_on > on:
        raise ServiceError(_("The training has not started yet."))


@transaction.atomic
def attendance_record(*, user, enrolment: Enrolment, attended: bool, on: date | None = None) -> Enrolment:
    _hr(user)
    on = on or timezone.localdate()
    _open(enrolment.training)
    _started(enrolment, on)
    if enrolment.state == Enrolment.State.COMPLETED:
        raise ServiceError(_("The training is already completed."))
    state = Enrolment.State.ATTENDED if attended else Enrolment.State.ABSENT
    if enrolment.state == state:
        return enrolment
    enrolment.state = state
    enrolment.save()
    log_action(
        enrolment,
        "competence.training.attended" if attended else "competence.training.absent",
        user=user,
        data={"employee": str(enrolment.staff), "training": str(enrolment.training)},
    )
    return enrolment


@transaction.atomic
def enrolment_complete(*, user, enrolment: Enrolment, on: date | None = None) -> Enrolment:
    """Completion of an attended training (which fulfils its mandatory rule from that day); the
    person's open need for a competence the training develops is met."""
    _hr(user)
    on = on or timezone.localdate()
    _open(enrolment.training)
    if enrolment.state != Enrolment.State.ATTENDED:
        raise ServiceError(_("Record the attendance first."))
    if on < enrolment.training.starts_on:
        raise ServiceError(_("A training cannot be completed before it starts."), field="completed_on")
    if on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="completed_on")
    enrolment.state, enrolment.completed_on = Enrolment.State.COMPLETED, on
    enrolment.save()
    TrainingNeed.objects.filter(staff=enrolment.staff, training=enrolment.training).update(
        state=TrainingNeed.State.MET
    )
    log_action(
        enrolment,
        "competence.training.completed",
        user=user,
        data={
            "employee": str(enrolment.staff),
            "training": str(enrolment.training),
            "completed_on": on.isoformat(),
            "mandatory": _mandatory_name(enrolment.training),
        },
    )
    return enrolment


def _mandatory_name(training: Training) -> str:
    rule = mandatory.rule_get(training.mandatory_code) if training.mandatory_code else None
    return rule.name if rule else ""


@transaction.atomic
def certificate_add(
    *,
    user,
    enrolment: Enrolment,
    file: CheckedFile,
    issued_on: date,
    valid_until: date | None = None,
    number: str = "",
) -> Certificate:
    """A certificate of a completed training (HR, or the person their own), as a checked upload."""
    if enrolment.staff.user_id != user.pk:
        _hr(user)
    if enrolment.state != Enrolment.State.COMPLETED:
        raise ServiceError(_("A certificate is added to a completed training."))
    if issued_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="issued_on")
    if valid_until is not None and valid_until < issued_on:
        raise ServiceError(_("A certificate cannot expire before it was issued."), field="valid_until")
    certificate = Certificate(
        enrolment=enrolment,
        staff=enrolment.staff,
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        uploaded_by=user,
    )
    certificate.file.save(file.name, ContentFile(file.data), save=False)
    certificate.save()
    log_action(
        certificate,
        "competence.certificate.added",
        user=user,
        data={
            "employee": str(enrolment.staff),
            "training": str(enrolment.training),
            "number": number,
            "issued_on": issued_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else "",
            "file": file.name,
        },
    )
    return certificate


# --- Effect: Kirkpatrick's levels 1–3 --------------------------------------------------------------


@transaction.atomic
def reaction_submit(*, user, enrolment: Enrolment, rating: int, comment: str = "") -> Enrolment:
    """Level 1: the participant rates the training they attended (1–5) with a comment, once."""
    if enrolment.staff.user_id != user.pk:
        raise ServiceError(_("Only the participant rates the training."))
    if enrolment.state not in (Enrolment.State.ATTENDED, Enrolment.State.COMPLETED):
        raise ServiceError(_("Rate a training you attended."))
    if enrolment.reaction_rating is not None:
        raise ServiceError(_("You have already rated this training."))
    if rating not in range(1, 6):
        raise ServiceError(_("Choose a rating from 1 to 5."), field="rating")
    enrolment.reaction_rating, enrolment.reaction_comment = rating, comment
    enrolment.save()
    log_action(
        enrolment,
        "competence.training.reaction",
        user=user,
        data={"training": str(enrolment.training), "rating": rating},
    )
    return enrolment


@transaction.atomic
def scores_record(*, user, enrolment: Enrolment, pre_score: int | None, post_score: int | None) -> Enrolment:
    """Level 2: the test before and after (0–100%), recorded by HR."""
    _hr(user)
    for field, value in (("pre_score", pre_score), ("post_score", post_score)):
        if value is not None and not 0 <= value <= 100:
            raise ServiceError(_("A score is from 0 to 100%."), field=field)
    if post_score is not None and enrolment.state not in (
        Enrolment.State.ATTENDED,
        Enrolment.State.COMPLETED,
    ):
        raise ServiceError(_("Record the attendance first."))
    enrolment.pre_score, enrolment.post_score = pre_score, post_score
    enrolment.save()
    log_action(
        enrolment,
        "competence.training.scores",
        user=user,
        data={
            "employee": str(enrolment.staff),
            "training": str(enrolment.training),
            "pre": pre_score,
            "post": post_score,
        },
    )
    return enrolment


def behaviour_due_on(enrolment: Enrolment) -> date | None:
    if enrolment.completed_on is None:
        return None
    return add_months(enrolment.completed_on, enrolment.training.behaviour_after_months)


@transaction.atomic
def behaviour_assess(
    *, user, enrolment: Enrolment, rating: int, comment: str = "", on: date | None = None
) -> Enrolment:
    """Level 3: the direct superior judges the use of the training at work, once it is due."""
    on = on or timezone.localdate()
    superior = direct_superior(enrolment.staff)
    if superior is None or superior.user_id != user.pk:
        raise ServiceError(_("Only the direct superior assesses behaviour after the training."))
    due = behaviour_due_on(enrolment)
    if due is None:
        raise ServiceError(_("The training is not completed."))
    if on < due:
        raise ServiceError(_("Behaviour is assessed from %(date)s.") % {"date": due.isoformat()})
    if enrolment.behaviour_rating is not None:
        raise ServiceError(_("Behaviour after this training is already assessed."))
    if rating not in range(1, 6):
        raise ServiceError(_("Choose a rating from 1 to 5."), field="rating")
    enrolment.behaviour_rating, enrolment.behaviour_comment = rating, comment
    enrolment.behaviour_on, enrolment.behaviour_by = on, user
    enrolment.save()
    log_action(
        enrolment,
        "competence.training.behaviour",
        user=user,
        data={"employee": str(enrolment.staff), "training": str(enrolment.training), "rating": rating},
    )
    return enrolment


def competences_of(training: Training) -> list[Competence]:
    return list(training.competences.all())
