"""The preparatory service (służba przygotowawcza, u.p.s. art. 19) of an official employed for
the first time: organised by HR during the first fixed-term contract (at most 6 months, art. 16
ust. 2), at most 3 months, with a plan and a mentor, ending with an exam that falls due before the
contract ends. The head may exempt the official from the service, never from the exam."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from magistrat.competence.models import PreparatoryService
from magistrat.competence.models.preparatory import last_day_of_term
from magistrat.competence.schedule import primary_unit_id
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.org.models import Position, Staff

MANAGE = "competence.manage_competence"


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _check_dates(*, contract_start: date, contract_end: date, starts_on: date, ends_on: date) -> None:
    if contract_end < contract_start:
        raise ServiceError(_("The contract cannot end before it starts."), field="contract_end")
    longest_contract = last_day_of_term(contract_start, "first_contract_max")
    if contract_end > longest_contract:
        raise ServiceError(
            _(
                "The first contract of an official is concluded for at most 6 months (art. 16 ust. 2): "
                "until %(date)s at the latest."
            )
            % {"date": _day(longest_contract)},
            field="contract_end",
        )
    if ends_on < starts_on:
        raise ServiceError(_("The service cannot end before it starts."), field="ends_on")
    if starts_on < contract_start or ends_on > contract_end:
        raise ServiceError(
            _("The service is organised during the first fixed-term contract (art. 19)."), field="starts_on"
        )
    longest_service = last_day_of_term(starts_on, "preparatory_service_max")
    if ends_on > longest_service:
        raise ServiceError(
            _("The preparatory service lasts at most 3 months (art. 19): until %(date)s at the latest.")
            % {"date": _day(longest_service)},
            field="ends_on",
        )


@transaction.atomic
def preparatory_open(
    *,
    user,
    staff: Staff,
    contract_start: date,
    contract_end: date,
    starts_on: date,
    ends_on: date,
    mentor: Staff,
    plan: str,
) -> PreparatoryService:
    require_may(user, MANAGE)  # HR organises it (a superior's rule on their reports does not reach here)
    if staff.position.category != Position.Category.OFFICIAL:
        raise ServiceError(
            _("A preparatory service is organised only for an official post (art. 19)."), field="staff"
        )
    if PreparatoryService.objects.filter(staff=staff).exists():
        raise ServiceError(_("This official already has a preparatory service."), field="staff")
    if mentor.pk == staff.pk or not mentor.is_active:
        raise ServiceError(_("Choose another employee as the mentor."), field="mentor")
    if not plan.strip():
        raise ServiceError(_("Give the plan of the service."), field="plan")
    unit_id = primary_unit_id(staff)
    if unit_id is None:
        raise ServiceError(_("The official has no primary unit."), field="staff")
    _check_dates(
        contract_start=contract_start, contract_end=contract_end, starts_on=starts_on, ends_on=ends_on
    )
    service = PreparatoryService.objects.create(
        staff=staff,
        unit_id=unit_id,
        contract_start=contract_start,
        contract_end=contract_end,
        starts_on=starts_on,
        ends_on=ends_on,
        mentor=mentor,
        plan=plan,
        organised_by=user,
    )
    log_action(
        service,
        "competence.preparatory.opened",
        user=user,
        data={
            "employee": str(staff),
            "mentor": str(mentor),
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "contract_end": contract_end.isoformat(),
            "exam_due": service.exam_due_by.isoformat(),
        },
    )
    return service


def _open(service: PreparatoryService) -> None:
    if service.result:
        raise ServiceError(_("The exam result has been recorded: the service is closed."))


@transaction.atomic
def preparatory_exempt(
    *, user, service: PreparatoryService, reason: str, from_exam: bool = False, on: date | None = None
) -> PreparatoryService:
    """The head's exemption from the service (HR records it). Never from the exam (art. 19)."""
    on = on or timezone.localdate()
    require_may(user, MANAGE, service)
    _open(service)
    if from_exam:
        raise ServiceError(
            _("The head may exempt an official from the service, but not from the exam (art. 19)."),
            field="from_exam",
        )
    if service.exempted:
        raise ServiceError(_("The official is already exempted from the service."))
    if not reason.strip():
        raise ServiceError(_("Give the reason: the knowledge or skills that allow it."), field="reason")
    service.exempted, service.exemption_reason, service.exempted_on = True, reason, on
    service.save()
    log_action(
        service,
        "competence.preparatory.exempted",
        user=user,
        data={"employee": str(service.staff), "reason": reason, "exam_due": service.exam_due_by.isoformat()},
    )
    return service


@transaction.atomic
def preparatory_schedule_exam(*, user, service: PreparatoryService, exam_on: date) -> PreparatoryService:
    """The day of the exam: not before the service starts, not after the contract ends."""
    require_may(user, MANAGE, service)
    _open(service)
    if exam_on < service.starts_on:
        raise ServiceError(_("The exam cannot be before the service starts."), field="exam_on")
    if exam_on > service.contract_end:
        raise ServiceError(
            _("The exam must take place before the first contract ends on %(date)s (art. 19).")
            % {"date": _day(service.contract_end)},
            field="exam_on",
        )
    previous = service.exam_on
    service.exam_on = exam_on
    service.save()
    log_action(
        service,
        "competence.preparatory.exam_scheduled",
        user=user,
        data={
            "employee": str(service.staff),
            "exam_on": exam_on.isoformat(),
            "previous": previous.isoformat() if previous else "",
        },
    )
    return service


@transaction.atomic
def preparatory_record_result(
    *, user, service: PreparatoryService, result: str, note: str = "", on: date | None = None
) -> PreparatoryService:
    on = on or timezone.localdate()
    require_may(user, MANAGE, service)
    _open(service)
    if result not in PreparatoryService.Result.values:
        raise ServiceError(_("Choose the result of the exam."), field="result")
    if service.exam_on is None:
        raise ServiceError(_("Set the day of the exam first."), field="result")
    if service.exam_on > on:
        raise ServiceError(_("The exam has not taken place yet."), field="result")
    service.result, service.result_note = result, note
    service.save()
    log_action(
        service,
        "competence.preparatory.exam_result",
        user=user,
        data={"employee": str(service.staff), "result": result, "exam_on": service.exam_on.isoformat()},
    )
    return service
