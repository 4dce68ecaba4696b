"""GDPR records: the record of processing activities (art. 30) and data subject requests."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, permission_required
from magistrat.isms.forms import ActivityForm, DsrAssignForm, DsrCompleteForm, DsrExtendForm, DsrForm
from magistrat.isms.models import DataSubjectRequest, ProcessingActivity
from magistrat.isms.services import gdpr as services
from magistrat.isms.views.common import edit_page, run_service
from magistrat.org.intake import receives

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


@permission_required("isms.view_gdpr")
def dsr_list(request):
    states = ("open", "unassigned", "done", "all")
    state = request.GET.get("state", "open") if request.GET.get("state") in states else "open"
    requests = DataSubjectRequest.objects.select_related("handler", "activity")
    if state == "open":
        requests = requests.open()
    elif state == "unassigned":
        requests = requests.open().filter(handler__isnull=True)
    elif state == "done":
        requests = requests.filter(completed_at__isnull=False)
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
                r.completed_at,
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
        save=lambda: services.dsr_register(**form.cleaned_data),
        success=_("Request registered."),
        detail="isms:dsr_detail",
        title=_("Register a data subject request"),
        back=reverse("isms:dsr_list"),
    )


def _dsr_context(request, dsr: DataSubjectRequest, **forms) -> dict:
    can_manage = has_perm(request.user, "isms.manage_gdpr")
    context = {
        "dsr": dsr,
        "clock": dsr.clock,
        "can_manage": can_manage,
        "can_assign": can_manage
        or (dsr.handler_id is None and receives(request.user, "data_subject_requests")),
        "assign_form": DsrAssignForm(
            initial={"handler": getattr(getattr(dsr.handler, "staff", None), "pk", None)}
        ),
        "extend_form": DsrExtendForm(),
        "complete_form": DsrCompleteForm(),
    }
    return context | forms


@permission_required("isms.view_gdpr")
def dsr_detail(request, pk: int):
    dsr = get_object_or_404(DataSubjectRequest.objects.select_related("handler", "activity"), pk=pk)
    return render(request, "isms/dsr_detail.html", _dsr_context(request, dsr))


@require_POST
@permission_required("isms.view_gdpr")
def dsr_action(request, pk: int, action: str):
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    context = _dsr_context(request, dsr)
    if not (context["can_assign"] if action == "assign" else context["can_manage"]):
        raise PermissionDenied
    form: DsrAssignForm | DsrExtendForm | DsrCompleteForm
    if action == "assign":
        form = DsrAssignForm(request.POST)
        call = lambda: services.dsr_assign(request=dsr, handler=form.cleaned_data["handler"].user)  # noqa: E731
    elif action == "extend":
        form = DsrExtendForm(request.POST)
        call = lambda: services.dsr_extend(request=dsr, **form.cleaned_data)  # noqa: E731
    elif action == "complete":
        form = DsrCompleteForm(request.POST)
        call = lambda: services.dsr_complete(  # noqa: E731
            request=dsr, outcome=form.cleaned_data["outcome"], reply=form.cleaned_data["reply"]
        )
    else:
        return redirect("isms:dsr_detail", pk=pk)
    if run_service(request, form, call, _("Saved.")):
        return redirect("isms:dsr_detail", pk=pk)
    dsr.refresh_from_db()
    return render(
        request, "isms/dsr_detail.html", _dsr_context(request, dsr, **{f"{action}_form": form}), status=400
    )
