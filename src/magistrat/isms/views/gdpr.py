"""GDPR records: the record of processing activities (art. 30) and data subject requests."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, permission_required
from magistrat.isms.forms import ActivityForm, DsrCompleteForm, DsrExtendForm, DsrForm
from magistrat.isms.models import DataSubjectRequest, ProcessingActivity
from magistrat.isms.services import gdpr as services
from magistrat.isms.views.common import edit_page, run_service

# (field, label) in the order of art. 30: the record's columns in the page, PDF and XLSX.
ACTIVITY_FIELDS = [
    ("name", _("processing activity")),
    ("role", _("the office processes")),
    ("controller", _("controller, joint controllers, representative, DPO (30.1.a)")),
    ("processor", _("controllers on whose behalf the office processes (30.2.a)")),
    ("purposes", _("purposes (30.1.b)")),
    ("legal_basis", _("legal basis")),
    ("data_subjects", _("categories of data subjects (30.1.c)")),
    ("data_categories", _("categories of personal data (30.1.c)")),
    ("recipients", _("recipients (30.1.d)")),
    ("processing_categories", _("categories of processing (30.2.b)")),
    ("transfers", _("transfers to third countries (30.1.e, 30.2.c)")),
    ("erasure", _("time limits for erasure (30.1.f)")),
    ("security", _("security measures (30.1.g, 30.2.d)")),
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
                [_value(a, n) for n, _label in ACTIVITY_FIELDS] + [a.unit.code if a.unit else ""]
                for a in activities
            ),
            fmt=fmt,
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
    state = (
        request.GET.get("state", "open") if request.GET.get("state") in ("open", "done", "all") else "open"
    )
    requests = DataSubjectRequest.objects.select_related("handler")
    if state == "open":
        requests = requests.open()
    elif state == "done":
        requests = requests.filter(completed_at__isnull=False)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [
            _("number"),
            _("right exercised"),
            _("received"),
            _("person"),
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
            fmt=request.GET["format"],
            action="isms.dsr.exported",
        )
    page = Paginator(requests, 30).get_page(request.GET.get("page"))
    return render(request, "isms/dsr_list.html", {"page": page, "state": state})


@permission_required("isms.manage_gdpr")
def dsr_register(request):
    form = DsrForm(request.POST or None, initial={"handler": request.user.pk})
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
    context = {
        "dsr": dsr,
        "clock": dsr.clock,
        "can_manage": has_perm(request.user, "isms.manage_gdpr"),
        "extend_form": DsrExtendForm(),
        "complete_form": DsrCompleteForm(),
    }
    return context | forms


@permission_required("isms.view_gdpr")
def dsr_detail(request, pk: int):
    dsr = get_object_or_404(DataSubjectRequest.objects.select_related("handler", "activity"), pk=pk)
    return render(request, "isms/dsr_detail.html", _dsr_context(request, dsr))


@require_POST
@permission_required("isms.manage_gdpr")
def dsr_action(request, pk: int, action: str):
    dsr = get_object_or_404(DataSubjectRequest, pk=pk)
    form: DsrExtendForm | DsrCompleteForm
    if action == "extend":
        form = DsrExtendForm(request.POST)
        call = lambda: services.dsr_extend(request=dsr, **form.cleaned_data)  # noqa: E731
    elif action == "complete":
        form = DsrCompleteForm(request.POST)
        call = lambda: services.dsr_complete(request=dsr, **form.cleaned_data)  # noqa: E731
    else:
        return redirect("isms:dsr_detail", pk=pk)
    if run_service(request, form, call, _("Saved.")):
        return redirect("isms:dsr_detail", pk=pk)
    dsr.refresh_from_db()
    return render(
        request, "isms/dsr_detail.html", _dsr_context(request, dsr, **{f"{action}_form": form}), status=400
    )
