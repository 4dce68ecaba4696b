"""Staff pages of the register of requests for public information (udip)."""

from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.cases.views import CaseAction
from magistrat.core.permissions import permission_required
from magistrat.core.uploads import check_upload
from magistrat.registers import selectors, services
from magistrat.registers.forms import (
    InfoCloseForm,
    InfoDeliveredForm,
    InfoExtendForm,
    InfoFeeForm,
    InfoRequestForm,
    ReleasedDocumentForm,
)
from magistrat.registers.models import InfoRequest
from magistrat.registers.views.common import (
    assign_action,
    export,
    handling,
    handling_headers,
    list_filters,
    register_pages,
    year_param,
)


def _document_add(*, request: InfoRequest, file, by):
    """A released document goes through the upload checks first (a disguised file is refused)."""
    return services.info_request_document_add(request=request, file=check_upload(file), by=by)


ACTIONS = {
    "assign": assign_action("registers:request_detail", services.info_request_assign, "request"),
    "document": CaseAction(ReleasedDocumentForm, _document_add, "request"),
    "extend": CaseAction(InfoExtendForm, services.info_request_extend, "request"),
    "fee": CaseAction(InfoFeeForm, services.info_request_fee, "request"),
    "close": CaseAction(InfoCloseForm, services.info_request_close, "request"),
    "delivered": CaseAction(InfoDeliveredForm, services.info_request_delivered, "request"),
}
request_register, request_detail, request_action = register_pages(
    InfoRequest,
    "request",
    get=selectors.info_request_get,
    form=InfoRequestForm,
    register=services.info_request_register,
    actions=ACTIONS,
)


@permission_required("registers.view_requests")
def request_list(request):
    filters = list_filters(request, "registers.view_requests")
    page = Paginator(selectors.info_request_list(user=request.user, **filters), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "registers/request_list.html", {"page": page, "filters": filters})


def _row(case: InfoRequest) -> list:
    return [
        case.number,
        case.received_at,
        case.get_channel_display(),
        case.subject,
        case.get_release_form_display(),
        *handling(case),
        case.decision_number,
        case.closed_at,
    ]


@permission_required("registers.export_requests")
def request_export(request):
    filters = list_filters(request, "registers.export_requests")
    headers = [
        _("case number"),
        _("received"),
        _("received by"),
        _("subject"),
        _("form of release"),
        *handling_headers(),
        _("decision number"),
        _("closed"),
    ]
    cases = selectors.info_request_list(user=request.user, **filters)
    return export(
        request,
        cases,
        name="public-information-requests",
        action="registers.inforequest.exported",
        headers=headers,
        row=_row,
        filters=filters,
    )


@permission_required("registers.view_requests")
def request_statistics(request):
    year = year_param(request) or timezone.localdate().year
    return render(
        request,
        "registers/request_statistics.html",
        {"stats": selectors.info_request_year_stats(year), "year": year},
    )


@permission_required("registers.view_requests")
def request_document(request, pk: int, document_pk: int):
    case = selectors.info_request_get(user=request.user, pk=pk)
    document = get_object_or_404(case.documents, pk=document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
