"""Staff pages of the complaints and motions register."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from magistrat.core.cases.views import CaseAction
from magistrat.core.permissions import permission_required
from magistrat.registers import selectors, services
from magistrat.registers.forms import CloseForm, ComplaintRegisterForm, ExtendForm, ForwardForm
from magistrat.registers.models import Complaint
from magistrat.registers.views.common import (
    assign_action,
    export,
    handling,
    handling_headers,
    list_filters,
    register_pages,
)

ACTIONS = {
    # A complaint stays with the unit that deals with it: only its staff are offered.
    "assign": assign_action(
        "registers:complaint_detail", services.complaint_assign, "complaint", others=False
    ),
    "extend": CaseAction(ExtendForm, services.complaint_extend, "complaint"),
    "forward": CaseAction(ForwardForm, services.complaint_forward, "complaint"),
    "close": CaseAction(
        lambda request, case, data, files: CloseForm(data, complaint=case),
        services.complaint_close,
        "complaint",
    ),
}
complaint_register, complaint_detail, complaint_action = register_pages(
    Complaint,
    "complaint",
    get=selectors.complaint_get,
    form=ComplaintRegisterForm,
    register=services.complaint_register,
    actions=ACTIONS,
)


def _filters(request, perm: str = "registers.view_complaints") -> dict:
    kind = request.GET.get("kind", "")
    return list_filters(request, perm) | {"kind": kind if kind in Complaint.Kind.values else ""}


@permission_required("registers.view_complaints")
def complaint_list(request):
    filters = _filters(request)
    page = Paginator(selectors.complaint_list(user=request.user, **filters), 30).get_page(
        request.GET.get("page")
    )
    template = "registers/complaint_list.html#results" if request.htmx else "registers/complaint_list.html"
    return render(request, template, {"page": page, "filters": filters, "kinds": Complaint.Kind.choices})


def _row(case: Complaint) -> list:
    return [
        case.number,
        case.get_kind_display(),
        case.received_at,
        case.get_channel_display(),
        case.subject,
        case.get_competent_display(),
        *handling(case),
        case.closed_at,
    ]


@permission_required("registers.export_complaints")
def complaint_export(request):
    filters = _filters(request, "registers.export_complaints")
    headers = [
        _("case number"),
        _("kind"),
        _("received"),
        _("received by"),
        _("subject"),
        _("competent to decide"),
        *handling_headers(),
        _("closed"),
    ]
    cases = selectors.complaint_list(user=request.user, **filters)
    return export(
        request,
        cases,
        name="complaints",
        action="registers.complaint.exported",
        headers=headers,
        row=_row,
        filters=filters,
    )
