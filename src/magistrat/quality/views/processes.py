"""The process map's pages: the map (SVG and the same as a table), the register with its export,
a process with its services, KPIs, documents, risks and interactions, and their editing."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import get_for, may, object_permission_required, permission_required
from magistrat.quality.models import Process, ProcessLink
from magistrat.quality.process_forms import LinkForm, ProcessForm
from magistrat.quality.process_map import process_map
from magistrat.quality.services import processes as services

VIEW, MANAGE = "quality.view_quality", "quality.manage_quality"
FIELDS = [name for name in ProcessForm.base_fields]


def _processes():
    return Process.objects.filter(active=True).select_related("owner", "unit").order_by("code")


@permission_required(VIEW)
def process_map_page(request):
    processes = list(_processes())
    links = list(
        ProcessLink.objects.filter(source__active=True, target__active=True).select_related(
            "source", "target"
        )
    )
    context = {
        "map": process_map(processes, links),
        "processes": processes,
        "links": links,
        "can_manage": may(request.user, MANAGE),
    }
    return render(request, "quality/process_map.html", context)


@permission_required(VIEW)
def process_export(request):
    processes = _processes().prefetch_related("other_units", "links_out__target")
    headers = [
        _("Code"),
        _("Name"),
        _("Kind"),
        _("Owner"),
        _("Leading unit"),
        _("Other units"),
        _("Inputs"),
        _("Outputs"),
        _("Suppliers"),
        _("Customers"),
        _("Hands over to"),
    ]
    rows = (
        [
            process.code,
            process.name,
            process.get_category_display(),
            process.owner.get_full_name() or process.owner.get_username(),
            process.unit.code,
            ", ".join(unit.code for unit in process.other_units.all()),
            process.inputs,
            process.outputs,
            process.suppliers,
            process.customers,
            "; ".join(f"{link.target.code}: {link.flow}" for link in process.links_out.all()),
        ]
        for process in processes
    )
    return tabular_response(
        name="processes",
        headers=headers,
        rows=rows,
        request=request,
        action="quality.process.exported",
        filters={},
    )


@object_permission_required(VIEW)
def process_detail(request, pk: int):
    process = get_for(
        request.user,
        VIEW,
        Process.objects.select_related("owner", "unit").prefetch_related(
            "other_units",
            "services",
            "kpis",
            "documents",
            Prefetch("links_out", queryset=ProcessLink.objects.select_related("target")),
            Prefetch("links_in", queryset=ProcessLink.objects.select_related("source")),
        ),
        pk=pk,
    )
    manage = may(request.user, MANAGE, process)
    context = {
        "process": process,
        "risks": process.risks.open().select_related("owner"),
        "can_manage": manage,
        "link_form": LinkForm() if manage else None,
    }
    return render(request, "quality/process_detail.html", context)


def _form_page(request, form, *, title: str, back: str):
    context = {"form": form, "title": title, "submit": _("Save"), "back": back}
    return render(request, "quality/form_page.html", context, status=400 if form.errors else 200)


@permission_required(MANAGE)
def process_create(request):
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and (
        process := run_service(
            request, form, lambda: services.process_save(by=request.user, **form.cleaned_data), _("Saved.")
        )
    ):
        return redirect("quality:process_detail", pk=process.pk)
    return _form_page(request, form, title=_("New process"), back=reverse("quality:process_map"))


@object_permission_required(MANAGE)
def process_edit(request, pk: int):
    process = get_for(request.user, MANAGE, Process.objects.all(), pk=pk)
    initial = {name: getattr(process, name) for name in FIELDS}
    for name in services.RELATED:
        initial[name] = list(getattr(process, name).all())
    form = ProcessForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.process_save(by=request.user, process=process, **form.cleaned_data),
        _("Saved."),
    ):
        return redirect("quality:process_detail", pk=process.pk)
    back = reverse("quality:process_detail", args=[process.pk])
    return _form_page(request, form, title=_("Change %(process)s") % {"process": process}, back=back)


@require_POST
@object_permission_required(MANAGE)
def link_add(request, pk: int):
    process = get_for(request.user, MANAGE, Process.objects.all(), pk=pk)
    form = LinkForm(request.POST)
    if (
        run_service(
            request,
            form,
            lambda: services.link_add(by=request.user, source=process, **form.cleaned_data),
            _("Interaction added."),
        )
        is None
    ):
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    return redirect("quality:process_detail", pk=process.pk)


@require_POST
@object_permission_required(MANAGE)
def link_remove(request, pk: int):
    link = get_object_or_404(ProcessLink.objects.select_related("source", "target"), pk=pk)
    if not may(request.user, MANAGE, link):
        raise Http404
    try:
        services.link_remove(by=request.user, link=link)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Interaction removed."))
    return redirect("quality:process_detail", pk=link.source_id)
