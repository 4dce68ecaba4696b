"""The registers' cases waiting to be assigned, declared to `org.intake` (see RegistersConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.models import Case
from magistrat.org.intake import IntakeRegister, Waiting
from magistrat.registers.models import Complaint, InfoRequest, Petition


def _shown(case: Case) -> Waiting:
    clock = case.clock
    return Waiting(
        title=f"{case.number}: {case.subject}",  # type: ignore[attr-defined]
        url=case.get_absolute_url(),
        due=clock.due,
        status=clock.status(),
    )


def _intake(model: type[Case], label, list_url: str) -> IntakeRegister:
    def waiting():
        cases = model.objects.unassigned().order_by("received_at", "pk")
        return cases.prefetch_related("extensions") if model is Complaint else cases

    return IntakeRegister(
        code=model.intake_register,
        label=label,
        view_perm=model.case_permissions.view,
        manage_perm=model.case_permissions.manage,
        waiting=waiting,
        describe=_shown,
        list_url=lambda: reverse(list_url) + "?state=unassigned",
    )


REGISTERS = [
    _intake(Complaint, _("Complaints and motions"), "registers:complaint_list"),
    _intake(InfoRequest, _("Requests for public information"), "registers:request_list"),
    _intake(Petition, _("Petitions"), "registers:petition_list"),
]
