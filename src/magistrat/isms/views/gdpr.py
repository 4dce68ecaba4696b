"""GDPR records: the record of processing activities (art. 30) and data subject requests."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from magistrat.core.cases.models import CASE_STATES
from magistrat.core.cases.views import CaseAction, case_views
from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, permission_required
from magistrat.isms import selectors
from magistrat.isms.forms import ActivityForm, DsrAssignForm, DsrCompleteForm, DsrExtendForm, DsrForm
from magistrat.isms.models import ProcessingActivity
from magistrat.isms.services import gdpr as services
from magistrat.isms.views.common import edit_page

# (field, label) in the order of art. 30: the record's columns in the page, PDF and XLSX.
ACTIVITY_FIELDS = [
    ("name", _lazy("processing activity")),
    ("role", _lazy("the office processes")),
    ("controller", _lazy("controller, joint controllers, representative, DPO (30.1.a)")),
    ("processor", _lazy("controllers on whose behalf the office processes (30.2.a)")),
    ("purposes", _lazy("purposes (30.1.b)")),
    ("legal_basis", _lazy("legal basis")),
    ("data_subjects", _lazy("categories of data subjects (30.1.c)")),
    ("data_categories", _lazy("categories of personal data (30.1.c)")),
    ("recipients", _lazy("recipients (30.1.d)")),
    ("processing_categories", _lazy("categories of processing (30.2.b)")),
    ("transfers", _lazy("transfers to third countries (30.1.e, 30.2.c)")),
    ("erasure", _lazy("time limits for erasure (30.1.f)")),
    ("security", _lazy("security measures (30.1.g, 30.2.d)")),
]


def _value(activity: ProcessingActivity, name: str) -> str:
    return activity.get_role_display() if name == "role" else getattr(activity, name)


@permission_required("isms.view_gdpr")
def activity_list(request):
    activities = ProcessingActivity.objects.select_related("unit")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        activities = activities.filter(Q(name__icontains=query) | Q(purposes__icontains=query))
    fmt = request.GET.get("format", "")
    if fmt == "xlsx" or fmt == "csv":
        return tabular_response(
            name="record-of-processing",
            headers=[label for _name, label in ACTIVITY_FIELDS] + [_("unit")],
            rows=(
                [_value(a, n) for n, _label in ACTIVITY_FIELDS]
                + [f"{a.unit.name} ({a.unit.code})" if a.unit else ""]
                for a in activities
            ),
            request=request,
            action="isms.processing.exported",
        )
    if fmt == "pdf":
        return pdf_response(
            request,
            template="isms/activities_pdf.html",
            context={
                "rows": [
                    (a, [(label, _value(a, n)) for n, label in ACTIVITY_FIELDS])
                    for a in activities.filter(active=True)
                ]
            },
            filename="record-of-processing",
            action="isms.processing.exported",
            data={"format": "pdf"},
        )
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    return render(request, "isms/activity_list.html", {"page": page, "q": query})


@permission_required("isms.view_gdpr")
def activity_detail(request, pk: int):
    activity = get_object_or_404(ProcessingActivity.objects.select_related("unit"), pk=pk)
    fields = [(label, _value(activity, name)) for name, label in ACTIVITY_FIELDS]
    context = {
        "activity": activity,
        "fields": fields,
        "systems": activity.systems.order_by("code"),
        "can_manage": has_perm(request.user, "isms.manage_gdpr"),
    }
    return render(request, "isms/activity_detail.html", context)


@permission_required("isms.manage_gdpr")
def activity_edit(request, pk: int | None = None):
    activity = get_object_or_404(ProcessingActivity, pk=pk) if pk else ProcessingActivity()
    form = ActivityForm(request.POST or None, instance=activity)
    return edit_page(
        request,
        form,
        save=lambda: services.activity_save(
            activity=form.save(commit=False), systems=form.cleaned_data["systems"]
        ),
        success=_("Record saved."),
        detail="isms:activity_detail",
        title=_("Processing activity"),
        back=reverse("isms:activity_detail", args=[pk]) if pk else reverse("isms:activity_list"),
    )


DSR_DETAIL = "isms:dsr_detail"
DSR_ACTIONS = {
    "assign": CaseAction(
        lambda request, dsr, data, files: DsrAssignForm(
            data, initial={"handler": getattr(dsr.handler, "staff", None)}
        ),
        services.dsr_assign,
        "request",
        permission="assign",
    ),
    "extend": CaseAction(DsrExtendForm, services.dsr_extend, "request"),
    "complete": CaseAction(DsrCompleteForm, services.dsr_complete, "request"),
}


@permission_required("isms.view_gdpr")
def dsr_list(request):
    state = request.GET.get("state", "open")
    state = "closed" if state == "done" else state  # the address the list had before issue 11
    state = state if state in CASE_STATES else "open"
    requests = selectors.dsr_list(state=state)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [
            _("number"),
            _("right exercised"),
            _("received"),
            _("person"),
            _("processing activity"),
            _("handled by"),
            _("deadline"),
            _("status"),
            _("outcome"),
            _("completed"),
        ]
        rows = (
            [
                r.number,
                r.get_right_display(),
                r.received_at,
                r.requester,
                r.activity.name if r.activity else "",
                (r.handler.get_full_name() or r.handler.get_username()) if r.handler else "",
                r.clock.due_day,
                r.clock.status().label,
                r.get_outcome_display(),
                r.closed_at,
            ]
            for r in requests
        )
        return tabular_response(
            name="data-subject-requests",
            headers=headers,
            rows=rows,
            request=request,
            action="isms.dsr.exported",
            filters={"state": state},
        )
    page = Paginator(requests, 30).get_page(request.GET.get("page"))
    return render(request, "isms/dsr_list.html", {"page": page, "state": state})


@permission_required("isms.manage_gdpr")
def dsr_register(request):
    own = getattr(request.user, "staff", None)
    form = DsrForm(request.POST or None, initial={"handler": own.pk if own else None})
    return edit_page(
        request,
        form,
        save=lambda: services.dsr_register(by=request.user, **form.cleaned_data),
        success=_("Request registered."),
        detail=DSR_DETAIL,
        title=_("Register a data subject request"),
        back=reverse("isms:dsr_list"),
    )


dsr_detail, dsr_action = case_views(
    get=selectors.dsr_get,
    permission="isms.view_gdpr",
    template="isms/dsr_detail.html",
    detail=DSR_DETAIL,
    actions=DSR_ACTIONS,
)
