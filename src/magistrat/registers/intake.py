"""The registers' cases waiting to be assigned, declared to `org.intake` (see RegistersConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.org.intake import IntakeRegister, Waiting
from magistrat.registers.models import Complaint, InfoRequest, Petition


def _shown(case, url_name: str) -> Waiting:
    clock = case.clock
    return Waiting(
        title=f"{case.number}: {case.subject}",
        url=reverse(url_name, args=[case.pk]),
        due=clock.due,
        status=clock.status(),
    )


REGISTERS = [
    IntakeRegister(
        code="complaints",
        label=_("Complaints and motions"),
        view_perm="registers.view_complaints",
        manage_perm="registers.manage_complaints",
        waiting=lambda: (
            Complaint.objects.open()
            .filter(unit__isnull=True)
            .prefetch_related("extensions")
            .order_by("received_at", "pk")
        ),
        describe=lambda case: _shown(case, "registers:complaint_detail"),
        list_url=lambda: reverse("registers:complaint_list") + "?state=unassigned",
    ),
    IntakeRegister(
        code="info_requests",
        label=_("Requests for public information"),
        view_perm="registers.view_requests",
        manage_perm="registers.manage_requests",
        waiting=lambda: InfoRequest.objects.open().filter(unit__isnull=True).order_by("received_at", "pk"),
        describe=lambda case: _shown(case, "registers:request_detail"),
        list_url=lambda: reverse("registers:request_list") + "?state=unassigned",
    ),
    IntakeRegister(
        code="petitions",
        label=_("Petitions"),
        view_perm="registers.view_requests",
        manage_perm="registers.manage_requests",
        waiting=lambda: Petition.objects.open().filter(unit__isnull=True).order_by("filed_at", "pk"),
        describe=lambda case: _shown(case, "registers:petition_detail"),
        list_url=lambda: reverse("registers:petition_list") + "?state=unassigned",
    ),
]
