"""The nonconformity register's pages: list and export, a record with its workflow, raising one
from a source's record, a staff report, the analysis and the corrective actions."""

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.exports import tabular_response
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import may, object_permission_required, permission_required, signed_in
from magistrat.quality import selectors, sources
from magistrat.quality.forms import ActionForm, AnalysisForm, CloseForm, ConfirmForm, NcForm
from magistrat.quality.models import Action, Nonconformity
from magistrat.quality.services import nonconformities as services
from magistrat.quality.views.actions import action_fields

MANAGE = "quality.manage_quality"


def _filters(request) -> selectors.NcFilters:
    state, source = request.GET.get("state", ""), request.GET.get("source", "")
    return selectors.NcFilters(
        state=state if state in Nonconformity.State.values else "",
        source=source if sources.source(source) else "",
        unit=request.GET.get("unit", "").strip()[:30],
        query=request.GET.get("q", "").strip()[:100],
    )


@permission_required("quality.view_quality")
def nc_list(request):
    filters = _filters(request)
    page = Paginator(selectors.nc_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "states": Nonconformity.State.choices,
        "sources": sources.source_choices(),
        "can_manage": may(request.user, MANAGE),
    }
    template = "quality/nc_list.html#results" if request.htmx else "quality/nc_list.html"
    return render(request, template, context)


@permission_required("quality.view_quality")
def nc_export(request):
    filters = _filters(request)
    ncs = selectors.nc_list(user=request.user, filters=filters)
    headers = [
        _("Number"),
        _("Title"),
        _("Source"),
        _("Linked record"),
        _("Unit"),
        _("Detected"),
        _("State"),
        _("Root cause"),
        _("Closed"),
    ]
    rows = (
        [
            nc.number,
            nc.title,
            nc.source_label,
            nc.linked_label,
            nc.unit.code,
            nc.detected_on,
            nc.get_state_display(),
            nc.root_cause,
            nc.closed_at,
        ]
        for nc in ncs.iterator(chunk_size=1000)
    )
    return tabular_response(
        name="nonconformities",
        headers=headers,
        rows=rows,
        request=request,
        action="quality.nc.exported",
        filters={"state": filters.state, "source": filters.source, "unit": filters.unit, "q": filters.query},
    )


@object_permission_required("quality.view_quality")
def nc_detail(request, pk: int):
    nc = selectors.nc_get(user=request.user, pk=pk)
    manage = may(request.user, MANAGE, nc)
    check = services.current_check(nc)
    today = timezone.localdate()
    context = {
        "nc": nc,
        "actions": Action.objects.of(nc).select_related("owner", "unit").order_by("due_on", "pk"),
        "checks": nc.checks.select_related("decided_by").order_by("pk"),
        "check": check,
        "check_due": check is not None and check.due_on <= today,
        "can_manage": manage,
        "State": Nonconformity.State,
        "dismiss_form": ReasonForm(),
        "confirm_form": ConfirmForm(),
        "close_form": CloseForm(),
    }
    return render(request, "quality/nc_detail.html", context)


def _linked(request):
    """The source and its record named in the address (`?source=…&object=…`), or (None, None)."""
    entry = sources.source(request.GET.get("source", ""))
    if entry is None or not entry.model:
        return None, None
    try:
        model = apps.get_model(entry.model)
        obj = model.objects.filter(pk=int(request.GET.get("object", ""))).first()
    except (LookupError, ValueError):
        raise Http404 from None
    if obj is None or not entry.accepts(obj):
        raise Http404
    return entry, obj


def _nc_fields(form) -> dict:
    """What a raised or reported record takes from its form."""
    names = ("title", "description", "unit", "detected_on", "correction")
    return {name: form.cleaned_data[name] for name in names}


@permission_required(MANAGE)
def nc_raise(request):
    """The quality manager raises a record: from a source's record (the candidates each source
    lists, or the link on the record's page) or on their own (a staff report of theirs)."""
    entry, linked = _linked(request)
    initial = {"detected_on": timezone.localdate()}
    draft = entry.propose(linked) if entry is not None and entry.propose is not None else None
    if draft is not None:
        initial |= {"title": draft.title, "description": draft.description, "unit": draft.unit_id}
        initial["detected_on"] = draft.detected_on or initial["detected_on"]
    form = NcForm(request.POST or None, initial=initial)
    if request.method == "POST" and (
        nc := run_service(
            request,
            form,
            lambda: services.nc_raise(
                by=request.user,
                source_code=entry.code if entry else sources.STAFF_REPORT,
                linked=linked,
                trigger=draft.trigger if draft else {},
                **_nc_fields(form),
            ),
        )
    ):
        messages.success(request, _("Nonconformity %(number)s raised.") % {"number": nc.number})
        return redirect("quality:nc_detail", pk=nc.pk)
    candidates = []
    if linked is None and request.method == "GET":
        for source in sources.sources():
            if source.candidates is not None:
                candidates += [(source, c) for c in source.candidates(request.user)]
    context = {"form": form, "entry": entry, "linked": linked, "candidates": candidates}
    return render(request, "quality/nc_raise.html", context, status=400 if form.errors else 200)


@signed_in
def nc_report(request):
    """Any member of staff reports a nonconformity they noticed."""
    staff = getattr(request.user, "staff", None)
    unit = staff.primary_unit if staff is not None else None
    form = NcForm(request.POST or None, initial={"detected_on": timezone.localdate(), "unit": unit})
    if request.method == "POST" and (
        nc := run_service(request, form, lambda: services.nc_report(by=request.user, **_nc_fields(form)))
    ):
        messages.success(
            request,
            _("Thank you. Your report %(number)s goes to the quality manager.") % {"number": nc.number},
        )
        return redirect("quality:nc_detail", pk=nc.pk)
    return render(request, "quality/nc_report.html", {"form": form}, status=400 if form.errors else 200)


@object_permission_required(MANAGE)
def nc_analyse(request, pk: int):
    nc = selectors.nc_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, nc):
        raise Http404
    form = AnalysisForm(request.POST or None, nc=nc)
    fields = ("correction", "root_cause", "similar_elsewhere", "risk_updates", "qms_updates")
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.nc_analyse(
            nc=nc,
            by=request.user,
            whys=form.whys(),
            causes=form.causes(),
            **{name: form.cleaned_data[name] for name in fields},
        ),
        _("Analysis saved."),
    ):
        return redirect("quality:nc_detail", pk=nc.pk)
    return render(
        request, "quality/nc_analyse.html", {"nc": nc, "form": form}, status=400 if form.errors else 200
    )


@object_permission_required(MANAGE)
def nc_action_add(request, pk: int):
    nc = selectors.nc_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, nc):
        raise Http404
    form = ActionForm(request.POST or None, initial={"unit": nc.unit_id})
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.nc_action_add(nc=nc, by=request.user, **action_fields(form)),
        _("Corrective action planned."),
    ):
        return redirect("quality:nc_detail", pk=nc.pk)
    return render(
        request, "quality/nc_action_add.html", {"nc": nc, "form": form}, status=400 if form.errors else 200
    )


STEPS = {"dismiss", "measure", "confirm", "close"}


@require_POST
@object_permission_required(MANAGE)
def nc_step(request, pk: int, step: str):
    """One step of the workflow posted from the record's page."""
    nc = selectors.nc_get(user=request.user, pk=pk)
    if step not in STEPS or not may(request.user, MANAGE, nc):
        raise Http404
    try:
        if step == "dismiss":
            form = ReasonForm(request.POST)
            services.nc_dismiss(
                nc=nc, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
            )
        elif step == "measure":
            services.nc_effectiveness_measure(nc=nc, by=request.user)
        elif step == "confirm":
            confirm = ConfirmForm(request.POST)
            if not confirm.is_valid():
                raise ServiceError(_("Choose effective or not effective."))
            services.nc_effectiveness_confirm(
                nc=nc,
                by=request.user,
                verdict=confirm.cleaned_data["verdict"],
                note=confirm.cleaned_data["note"],
            )
        else:
            close = CloseForm(request.POST)
            services.nc_close(
                nc=nc, by=request.user, note=close.cleaned_data["note"] if close.is_valid() else ""
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("quality:nc_detail", args=[nc.pk]))
