"""Staff pages of the complaints and motions register."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.models import AuditEntry
from magistrat.core.permissions import handles, has_perm, permission_required, unit_scope
from magistrat.core.uploads import check_upload
from magistrat.registers import selectors, services
from magistrat.registers.forms import (
    AssignForm,
    CloseForm,
    ComplaintRegisterForm,
    ExtendForm,
    ForwardForm,
    InfoAssignForm,
    InfoCloseForm,
    InfoDeliveredForm,
    InfoExtendForm,
    InfoFeeForm,
    InfoRequestForm,
    PetitionCloseForm,
    PetitionExtendForm,
    PetitionForm,
    PetitionUpdateForm,
    ReleasedDocumentForm,
)
from magistrat.registers.models import Complaint, InfoRequest, Petition


def _filters(request) -> dict:
    year = request.GET.get("year", "")
    return {
        "query": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Complaint.Kind.values else "",
        "state": request.GET.get("state", "open"),
        "year": int(year) if year.isdigit() else None,
    }


@permission_required("registers.view_complaints")
def complaint_list(request):
    filters = _filters(request)
    page = Paginator(selectors.complaint_list(user=request.user, **filters), 30).get_page(
        request.GET.get("page")
    )
    template = "registers/complaint_list.html#results" if request.htmx else "registers/complaint_list.html"
    return render(request, template, {"page": page, "filters": filters, "kinds": Complaint.Kind.choices})


@permission_required("registers.export_complaints")
def complaint_export(request):
    filters = _filters(request)
    cases = selectors.complaint_list(user=request.user, **filters)
    headers = [
        _("case number"),
        _("kind"),
        _("received"),
        _("received by"),
        _("subject"),
        _("unit"),
        _("deadline"),
        _("status"),
        _("outcome"),
        _("closed"),
    ]
    rows = (
        [
            c.number,
            c.get_kind_display(),
            c.received_at,
            c.get_channel_display(),
            c.subject,
            c.unit.code if c.unit else "",
            c.clock.due_day,
            c.status.label,
            c.get_outcome_display(),
            c.closed_at,
        ]
        for c in cases
    )
    return tabular_response(
        name="complaints",
        headers=headers,
        rows=rows,
        fmt=request.GET.get("format", "csv"),
        action="registers.complaint.exported",
        filters={k: str(v) for k, v in filters.items()},
    )


def _register_page(request, form, register, *, detail: str, template: str):
    """A staff page registering a case: the service numbers it, then the case's page follows."""
    if request.method == "POST" and form.is_valid():
        try:
            case = register(registered_by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": case.number})
            return redirect(detail, pk=case.pk)
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@permission_required("registers.register_complaints")
def complaint_register(request):
    form = ComplaintRegisterForm(request.POST or None, initial={"received_at": timezone.localtime()})
    return _register_page(
        request,
        form,
        services.complaint_register,
        detail="registers:complaint_detail",
        template="registers/complaint_register.html",
    )


def _detail_context(request, case, **forms):
    perm = "registers.manage_complaints"
    # Unassigned cases belong to those who manage cases office-wide.
    can_manage = handles(request.user, perm, case.unit)
    can_assign = has_perm(request.user, "registers.register_complaints") or can_manage
    history = AuditEntry.objects.filter(object_type="registers.complaint", object_id=str(case.pk)).order_by(
        "id"
    )
    context = {
        "case": case,
        "clock": case.clock,
        "history": history,
        "can_manage": can_manage,
        "can_assign": can_assign,
        "assign_form": AssignForm(initial={"unit": case.unit_id, "assignee": case.assignee_id}),
        "extend_form": ExtendForm(),
        "forward_form": ForwardForm(),
        "close_form": CloseForm(complaint=case),
    }
    context.update(forms)
    return context


@permission_required("registers.view_complaints")
def complaint_detail(request, pk: int):
    case = selectors.complaint_get(user=request.user, pk=pk)
    return render(request, "registers/complaint_detail.html", _detail_context(request, case))


@require_POST
@permission_required("registers.view_complaints")
def complaint_action(request, pk: int, action: str):
    """Assign, extend, forward or close: one form each on the case page; errors re-render that page."""
    case = selectors.complaint_get(user=request.user, pk=pk)
    can = _detail_context(request, case)
    if not (can["can_assign"] if action == "assign" else can["can_manage"]):
        raise PermissionDenied
    form_classes = {"assign": AssignForm, "extend": ExtendForm, "forward": ForwardForm, "close": CloseForm}
    if action not in form_classes:
        return redirect("registers:complaint_detail", pk=case.pk)
    kwargs = {"complaint": case} if action == "close" else {}
    form = form_classes[action](request.POST, **kwargs)
    return _case_form(
        request,
        form,
        lambda data: _run(action, case, data, request.user),
        detail="registers:complaint_detail",
        pk=case.pk,
        page=lambda: render(
            request,
            "registers/complaint_detail.html",
            _detail_context(request, case, **{f"{action}_form": form}),
            status=400,
        ),
    )


def _case_form(request, form, call, *, detail: str, pk: int, page):
    """One action form on a case page: a valid form runs `call` (a service) and goes back to the
    case; a refusal shows the page again, with the reason on the form."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:  # an upload the checks refused
            form.add_error("file" if "file" in form.fields else None, exc)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(detail, pk=pk)
    return page()


def _run(action: str, case: Complaint, data: dict, user) -> None:
    if action == "assign":
        services.complaint_assign(complaint=case, unit=data["unit"], assignee=data["assignee"])
    elif action == "extend":
        services.complaint_extend(complaint=case, new_due=data["new_due"], reason=data["reason"], user=user)
    elif action == "forward":
        services.complaint_forward(
            complaint=case, forwarded_to=data["forwarded_to"], note=data["note"], user=user
        )
    else:
        services.complaint_close(complaint=case, outcome=data["outcome"], reply=data["reply"], user=user)


# Requests for public information -----------------------------------------------------------------


def _request_filters(request) -> dict:
    year = request.GET.get("year", "")
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "state": request.GET.get("state", "open"),
        "year": int(year) if year.isdigit() else None,
    }


@permission_required("registers.view_requests")
def request_list(request):
    filters = _request_filters(request)
    page = Paginator(selectors.info_request_list(user=request.user, **filters), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "registers/request_list.html", {"page": page, "filters": filters})


@permission_required("registers.export_requests")
def request_export(request):
    filters = _request_filters(request)
    rows = (
        [
            r.number,
            r.received_at,
            r.get_channel_display(),
            r.subject,
            r.unit.code if r.unit else "",
            r.clock.due_day,
            r.clock.status().label,
            r.get_outcome_display(),
            r.decision_number,
            r.closed_at,
        ]
        for r in selectors.info_request_list(user=request.user, **filters)
    )
    headers = [
        _("case number"),
        _("received"),
        _("received by"),
        _("subject"),
        _("unit"),
        _("deadline"),
        _("status"),
        _("outcome"),
        _("decision number"),
        _("closed"),
    ]
    return tabular_response(
        name="public-information-requests",
        headers=headers,
        rows=rows,
        fmt=request.GET.get("format", "csv"),
        action="registers.inforequest.exported",
        filters={k: str(v) for k, v in filters.items()},
    )


@permission_required("registers.register_requests")
def request_register(request):
    form = InfoRequestForm(request.POST or None, initial={"received_at": timezone.localtime()})
    return _register_page(
        request,
        form,
        services.info_request_register,
        detail="registers:request_detail",
        template="registers/request_register.html",
    )


REQUEST_FORMS = {
    "document": ReleasedDocumentForm,
    "assign": InfoAssignForm,
    "extend": InfoExtendForm,
    "fee": InfoFeeForm,
    "close": InfoCloseForm,
    "delivered": InfoDeliveredForm,
}


def _request_context(request, case: InfoRequest, **forms) -> dict:
    perm = "registers.manage_requests"
    can_manage = handles(request.user, perm, case.unit)
    context = {
        "case": case,
        "clock": case.clock,
        "can_manage": can_manage,
        "history": AuditEntry.objects.filter(
            object_type="registers.inforequest", object_id=str(case.pk)
        ).order_by("id"),
    }
    context |= {f"{name}_form": form_class() for name, form_class in REQUEST_FORMS.items()}
    return context | forms


@permission_required("registers.view_requests")
def request_detail(request, pk: int):
    case = selectors.info_request_get(user=request.user, pk=pk)
    return render(request, "registers/request_detail.html", _request_context(request, case))


@require_POST
@permission_required("registers.view_requests")
def request_action(request, pk: int, action: str):
    case = selectors.info_request_get(user=request.user, pk=pk)
    context = _request_context(request, case)
    if not context["can_manage"] and not (
        action == "assign" and has_perm(request.user, "registers.register_requests")
    ):
        raise PermissionDenied
    if action not in REQUEST_FORMS:
        return redirect("registers:request_detail", pk=case.pk)
    form = REQUEST_FORMS[action](request.POST, request.FILES)
    calls = {
        "document": lambda d: services.info_request_document_add(request=case, file=check_upload(d["file"])),
        "assign": lambda d: services.info_request_assign(
            request=case, unit=d["unit"], handler=d["handler"].user if d["handler"] else None
        ),
        "extend": lambda d: services.info_request_extend(request=case, **d),
        "fee": lambda d: services.info_request_fee(request=case, **d),
        "close": lambda d: services.info_request_close(request=case, **d),
        "delivered": lambda d: services.info_request_delivered(request=case, **d),
    }

    def page():
        case.refresh_from_db()
        context = _request_context(request, case, **{f"{action}_form": form})
        return render(request, "registers/request_detail.html", context, status=400)

    return _case_form(request, form, calls[action], detail="registers:request_detail", pk=case.pk, page=page)


@permission_required("registers.view_requests")
def request_statistics(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    return render(
        request,
        "registers/request_statistics.html",
        {"stats": selectors.info_request_year_stats(year), "year": year},
    )


# Petitions ---------------------------------------------------------------------------------------


@permission_required("registers.view_requests")
def petition_list(request):
    scope = unit_scope(request.user, "registers.view_requests")
    petitions = Petition.objects.select_related("unit")
    if scope is not None:
        petitions = petitions.filter(unit_id__in=scope)
    state = request.GET.get("state", "open")
    if state == "open":
        petitions = petitions.filter(closed_at__isnull=True)
    elif state == "closed":
        petitions = petitions.filter(closed_at__isnull=False)
    page = Paginator(petitions, 30).get_page(request.GET.get("page"))
    last_year = timezone.localdate().year - 1
    return render(
        request, "registers/petition_list.html", {"page": page, "state": state, "last_year": last_year}
    )


@permission_required("registers.register_requests")
def petition_register(request):
    form = PetitionForm(
        request.POST or None, request.FILES or None, initial={"filed_at": timezone.localtime()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scan = check_upload(data.pop("scan"), kinds=("pdf", "png", "jpeg")) if data.get("scan") else None
            data.pop("scan", None)
            petition = services.petition_register(scan=scan, **data)
        except ValidationError as exc:
            form.add_error("scan", exc)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Registered as %(number)s and published on the BIP.") % {"number": petition.number}
            )
            return redirect("registers:petition_detail", pk=petition.pk)
    return render(
        request, "registers/petition_register.html", {"form": form}, status=400 if form.errors else 200
    )


PETITION_FORMS = {"update": PetitionUpdateForm, "extend": PetitionExtendForm, "close": PetitionCloseForm}


def _petition_for(request, pk: int) -> Petition:
    scope = unit_scope(request.user, "registers.view_requests")
    petitions = Petition.objects.all() if scope is None else Petition.objects.filter(unit_id__in=scope)
    return get_object_or_404(petitions.select_related("unit"), pk=pk)


def _petition_context(request, petition: Petition, **forms) -> dict:
    perm = "registers.manage_requests"
    can_manage = handles(request.user, perm, petition.unit)
    context = {
        "petition": petition,
        "clock": petition.clock,
        "can_manage": can_manage,
        "updates": petition.updates.all(),
    }
    context |= {f"{name}_form": form_class() for name, form_class in PETITION_FORMS.items()}
    return context | forms


@permission_required("registers.view_requests")
def petition_detail(request, pk: int):
    petition = _petition_for(request, pk)
    return render(request, "registers/petition_detail.html", _petition_context(request, petition))


@require_POST
@permission_required("registers.view_requests")
def petition_action(request, pk: int, action: str):
    petition = _petition_for(request, pk)
    if not _petition_context(request, petition)["can_manage"]:
        raise PermissionDenied
    if action not in PETITION_FORMS:
        return redirect("registers:petition_detail", pk=petition.pk)
    form = PETITION_FORMS[action](request.POST)
    calls = {
        "update": lambda d: services.petition_update(petition=petition, **d),
        "extend": lambda d: services.petition_extend(petition=petition, **d),
        "close": lambda d: services.petition_close(petition=petition, **d),
    }

    def page():
        petition.refresh_from_db()
        context = _petition_context(request, petition, **{f"{action}_form": form})
        return render(request, "registers/petition_detail.html", context, status=400)

    return _case_form(
        request, form, calls[action], detail="registers:petition_detail", pk=petition.pk, page=page
    )


@require_POST
@permission_required("bip.edit_items")
def petition_summary(request, year: int):
    """Draft the yearly summary (art. 14) as a BIP item; it is published through the BIP workflow."""
    try:
        item = services.petition_summary_draft(year=year, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("registers:petition_list")
    messages.success(request, _("The summary is ready as a BIP draft: submit it for approval."))
    return redirect("bip:item_detail", pk=item.pk)


@permission_required("registers.view_requests")
def request_document(request, pk: int, document_pk: int):
    case = selectors.info_request_get(user=request.user, pk=pk)
    document = get_object_or_404(case.documents, pk=document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
