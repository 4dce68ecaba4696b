"""Staff pages of the complaints and motions register."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.models import AuditEntry
from magistrat.core.permissions import has_perm, permission_required, unit_scope
from magistrat.registers import selectors, services
from magistrat.registers.forms import AssignForm, CloseForm, ComplaintRegisterForm, ExtendForm, ForwardForm
from magistrat.registers.models import Complaint


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


@permission_required("registers.register_complaints")
def complaint_register(request):
    form = ComplaintRegisterForm(request.POST or None, initial={"received_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.complaint_register(registered_by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": case.number})
            return redirect("registers:complaint_detail", pk=case.pk)
    return render(request, "registers/complaint_register.html", {"form": form})


def _detail_context(request, case, **forms):
    perm = "registers.manage_complaints"
    # Unassigned cases belong to those who manage cases office-wide.
    can_manage = (
        has_perm(request.user, perm, case.unit) if case.unit else unit_scope(request.user, perm) is None
    )
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
    if form.is_valid():
        try:
            _run(action, case, form.cleaned_data, request.user)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registers:complaint_detail", pk=case.pk)
    context = _detail_context(request, case, **{f"{action}_form": form})
    return render(request, "registers/complaint_detail.html", context, status=400)


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
