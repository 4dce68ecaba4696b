"""Data subject requests waiting for a handler, declared to `org.intake` (see IsmsConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.isms.models import DataSubjectRequest
from magistrat.org.intake import IntakeRegister, Waiting


def _shown(request: DataSubjectRequest) -> Waiting:
    clock = request.clock
    return Waiting(
        title=f"{request.number}: {request.get_right_display()}",
        url=reverse("isms:dsr_detail", args=[request.pk]),
        due=clock.due,
        status=clock.status(),
    )


DATA_SUBJECT_REQUESTS = IntakeRegister(
    code="data_subject_requests",
    label=_("Data subject requests"),
    view_perm="isms.view_gdpr",
    manage_perm="isms.manage_gdpr",
    waiting=lambda: (
        DataSubjectRequest.objects.open().filter(handler__isnull=True).order_by("received_at", "pk")
    ),
    describe=_shown,
    list_url=lambda: reverse("isms:dsr_list") + "?state=unassigned",
)
