"""Staff pages of the complaints and motions register."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.forms import Form
from magistrat.core.models import AuditEntry
from magistrat.core.permissions import handles, has_perm, permission_required
from magistrat.core.uploads import check_upload
from magistrat.org.intake import receives
from magistrat.org.models import Unit
from magistrat.registers import selectors, services
from magistrat.registers.forms import (
    AssignForm,
    CloseForm,
    ComplaintRegisterForm,
    ExtendForm,
    ForwardForm,
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


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _unit_label(unit) -> str:
    return f"{unit.name} ({unit.code})" if unit is not None else ""


def _unit_ids(request, perm: str) -> set[int] | None:
    """`?unit=<id>`: that unit and the units below it; a unit outside the user's scope is not found
    (an export or list for it is refused with 404, never answered empty)."""
    raw = request.GET.get("unit", "").strip()
    if not raw:
        return None
    unit = Unit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None or not has_perm(request.user, perm, unit):
        raise Http404
    return Unit.objects.subtree_ids([unit.pk])


def _filters(request, perm: str = "registers.view_complaints") -> dict:
    year = request.GET.get("year", "")
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Complaint.Kind.values else "",
        "state": request.GET.get("state", "open"),
        "year": int(year) if year.isdigit() else None,
        "unit_ids": _unit_ids(request, perm),
    }


def _logged(filters: dict) -> dict:
    return {k: (sorted(v) if k == "unit_ids" else str(v)) for k, v in filters.items() if v is not None}


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
    filters = _filters(request, "registers.export_complaints")
    cases = selectors.complaint_list(user=request.user, **filters)
    headers = [
        _("case number"),
        _("kind"),
        _("received"),
        _("received by"),
        _("subject"),
        _("competent to decide"),
        _("unit"),
        _("handled by"),
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
            c.get_competent_display(),
            _unit_label(c.unit),
            str(c.assignee) if c.assignee else "",
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
        request=request,
        action="registers.complaint.exported",
        filters=_logged(filters),
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


def _assign_form(request, case, *, detail: str, others: bool = True, data=None, handler=None) -> AssignForm:
    """The assign form of a case page; choosing a unit reloads the people offered (htmx GET ?unit=)."""
    unit = case.unit
    if data is None and request.htmx and request.GET.get("unit", "").isdigit():
        unit = Unit.objects.filter(pk=int(request.GET["unit"]), is_active=True).first() or case.unit
    form = AssignForm(
        data, case_unit=unit, others=others, initial={"unit": unit.pk if unit else None, "handler": handler}
    )
    form.fields["unit"].widget.attrs.update(
        {
            "hx-get": reverse(detail, args=[case.pk]),
            "hx-target": "#assign-form",
            "hx-select": "#assign-form",
            "hx-swap": "outerHTML",
        }
    )
    return form


def _detail_context(request, case, **forms):
    perm = "registers.manage_complaints"
    # Unassigned cases belong to those who manage cases office-wide and to the register's intake.
    can_manage = handles(request.user, perm, case.unit)
    can_assign = (
        has_perm(request.user, "registers.register_complaints")
        or can_manage
        or (case.unit is None and receives(request.user, "complaints"))
    )
    history = AuditEntry.objects.filter(object_type="registers.complaint", object_id=str(case.pk)).order_by(
        "id"
    )
    context = {
        "case": case,
        "clock": case.clock,
        "history": history,
        "can_manage": can_manage,
        "can_assign": can_assign,
        "assign_form": _assign_form(
            request, case, detail="registers:complaint_detail", others=False, handler=case.assignee_id
        ),
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
    form_classes = {"extend": ExtendForm, "forward": ForwardForm}
    form: Form
    if action == "assign":
        form = _assign_form(
            request, case, detail="registers:complaint_detail", others=False, data=request.POST
        )
    elif action == "close":
        form = CloseForm(request.POST, complaint=case)
    elif action in form_classes:
        form = form_classes[action](request.POST)
    else:
        return redirect("registers:complaint_detail", pk=case.pk)
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
        services.complaint_assign(complaint=case, unit=data["unit"], assignee=data["handler"])
    elif action == "extend":
        services.complaint_extend(complaint=case, new_due=data["new_due"], reason=data["reason"], user=user)
    elif action == "forward":
        services.complaint_forward(
            complaint=case, forwarded_to=data["forwarded_to"], note=data["note"], user=user
        )
    else:
        services.complaint_close(complaint=case, outcome=data["outcome"], reply=data["reply"], user=user)


# Requests for public information -----------------------------------------------------------------


def _request_filters(request, perm: str = "registers.view_requests") -> dict:
    year = request.GET.get("year", "")
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "state": request.GET.get("state", "open"),
        "year": int(year) if year.isdigit() else None,
        "unit_ids": _unit_ids(request, perm),
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
    filters = _request_filters(request, "registers.export_requests")
    rows = (
        [
            r.number,
            r.received_at,
            r.get_channel_display(),
            r.subject,
            r.get_release_form_display(),
            _unit_label(r.unit),
            _name(r.handler),
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
        _("form of release"),
        _("unit"),
        _("handled by"),
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
        request=request,
        action="registers.inforequest.exported",
        filters=_logged(filters),
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
    "extend": InfoExtendForm,
    "fee": InfoFeeForm,
    "close": InfoCloseForm,
    "delivered": InfoDeliveredForm,
}


def _without_confirm(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "confirm"}


def _request_context(request, case: InfoRequest, **forms) -> dict:
    perm = "registers.manage_requests"
    can_manage = handles(request.user, perm, case.unit)
    can_assign = (
        can_manage
        or has_perm(request.user, "registers.register_requests")
        or (case.unit is None and receives(request.user, "info_requests"))
    )
    context = {
        "case": case,
        "clock": case.clock,
        "can_manage": can_manage,
        "can_assign": can_assign,
        "history": AuditEntry.objects.filter(
            object_type="registers.inforequest", object_id=str(case.pk)
        ).order_by("id"),
        "assign_form": _assign_form(
            request,
            case,
            detail="registers:request_detail",
            handler=getattr(getattr(case.handler, "staff", None), "pk", None),
        ),
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
    if not (context["can_assign"] if action == "assign" else context["can_manage"]):
        raise PermissionDenied
    form: Form
    if action == "assign":
        form = _assign_form(request, case, detail="registers:request_detail", data=request.POST)
    elif action in REQUEST_FORMS:
        form = REQUEST_FORMS[action](request.POST, request.FILES)
    else:
        return redirect("registers:request_detail", pk=case.pk)
    calls = {
        "document": lambda d: services.info_request_document_add(request=case, file=check_upload(d["file"])),
        "assign": lambda d: services.info_request_assign(
            request=case, unit=d["unit"], handler=d["handler"].user if d["handler"] else None
        ),
        "extend": lambda d: services.info_request_extend(request=case, **d),
        "fee": lambda d: services.info_request_fee(request=case, **d),
        "close": lambda d: services.info_request_close(request=case, **_without_confirm(d)),
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
    state = request.GET.get("state", "open")
    petitions = selectors.petition_list(
        user=request.user, state=state, unit_ids=_unit_ids(request, "registers.view_requests")
    )
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


def _petition_context(request, petition: Petition, **forms) -> dict:
    perm = "registers.manage_requests"
    can_manage = handles(request.user, perm, petition.unit)
    can_assign = (
        can_manage
        or has_perm(request.user, "registers.register_requests")
        or (petition.unit is None and receives(request.user, "petitions"))
    )
    context = {
        "petition": petition,
        "clock": petition.clock,
        "can_manage": can_manage,
        "can_assign": can_assign,
        "updates": petition.updates.all(),
        "assign_form": _assign_form(
            request,
            petition,
            detail="registers:petition_detail",
            handler=getattr(getattr(petition.handler, "staff", None), "pk", None),
        ),
    }
    context |= {f"{name}_form": form_class() for name, form_class in PETITION_FORMS.items()}
    return context | forms


@permission_required("registers.view_requests")
def petition_detail(request, pk: int):
    petition = selectors.petition_get(user=request.user, pk=pk)
    return render(request, "registers/petition_detail.html", _petition_context(request, petition))


@require_POST
@permission_required("registers.view_requests")
def petition_action(request, pk: int, action: str):
    petition = selectors.petition_get(user=request.user, pk=pk)
    context = _petition_context(request, petition)
    if not (context["can_assign"] if action == "assign" else context["can_manage"]):
        raise PermissionDenied
    form: Form
    if action == "assign":
        form = _assign_form(request, petition, detail="registers:petition_detail", data=request.POST)
    elif action in PETITION_FORMS:
        form = PETITION_FORMS[action](request.POST)
    else:
        return redirect("registers:petition_detail", pk=petition.pk)
    calls = {
        "assign": lambda d: services.petition_assign(
            petition=petition, unit=d["unit"], handler=d["handler"].user if d["handler"] else None
        ),
        "update": lambda d: services.petition_update(petition=petition, **d),
        "extend": lambda d: services.petition_extend(petition=petition, **d),
        "close": lambda d: services.petition_close(petition=petition, **_without_confirm(d)),
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
