"""KPIs' pages: the list (filters, export), a KPI with its chart and table, entry of values,
comments, changes of method, recomputing a computed KPI."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import run_service
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import may, object_permission_required, permission_required
from magistrat.performance import selectors
from magistrat.performance.charts import kpi_chart, number, period_label
from magistrat.performance.forms import CommentForm, KpiForm, MethodChangeForm, ValueForm
from magistrat.performance.models.kpis import LIGHTS
from magistrat.performance.services import compute
from magistrat.performance.services import kpis as services
from magistrat.performance.sources import get_source

MANAGE, VIEW = "performance.manage_performance", "performance.view_performance"


def _filters(request) -> selectors.KpiFilters:
    light = request.GET.get("light", "")
    return selectors.KpiFilters(
        unit=request.GET.get("unit", "").strip()[:30],
        owner=request.GET.get("owner", "").strip()[:150],
        light=light if light in LIGHTS else "",
        query=request.GET.get("q", "").strip()[:100],
    )


@permission_required(VIEW)
def kpi_list(request):
    filters = _filters(request)
    context = {
        "kpis": selectors.kpi_list(user=request.user, filters=filters),
        "filters": filters,
        "lights": LIGHTS,
    }
    template = "performance/kpi_list.html#results" if request.htmx else "performance/kpi_list.html"
    return render(request, template, context)


@permission_required(VIEW)
def kpi_export(request):
    filters = _filters(request)
    headers = [
        _("KPI"),
        _("Objective"),
        _("Unit"),
        _("Owner"),
        _("Data source"),
        _("Frequency"),
        _("Direction"),
        _("Target"),
        _("Amber threshold"),
        _("Red threshold"),
        _("Unit of measure"),
        _("Latest period"),
        _("Latest value"),
        _("Light"),
    ]
    rows = (
        [
            kpi.name,
            kpi.objective.title,
            str(kpi.unit) if kpi.unit else _("office"),
            kpi.owner.get_full_name() or kpi.owner.get_username(),
            kpi.source_label(),
            kpi.get_frequency_display(),
            kpi.get_direction_display(),
            kpi.target,
            kpi.amber_threshold,
            kpi.red_threshold,
            kpi.unit_of_measure,
            period_label(kpi, kpi.latest.period_start) if kpi.latest else "",
            kpi.latest.value if kpi.latest else None,
            LIGHTS[kpi.light_now],
        ]
        for kpi in selectors.kpi_list(user=request.user, filters=filters)
    )
    return tabular_response(
        name="kpis",
        headers=headers,
        rows=rows,
        request=request,
        action="performance.kpi.exported",
        filters={"unit": filters.unit, "owner": filters.owner, "light": filters.light, "q": filters.query},
    )


def _value_rows(kpi, values, changes):
    """The table under the chart: every value, with the change of method that starts before it."""
    rows, pending = [], sorted(changes, key=lambda c: c.effective_from)
    for value in values:
        while pending and pending[0].effective_from <= value.period_start:
            rows.append({"change": pending.pop(0)})
        rows.append(
            {
                "value": value,
                "label": period_label(kpi, value.period_start),
                "figure": number(value.value),
                "low": number(value.low),
                "high": number(value.high),
                "light": value.light,
                "light_label": LIGHTS[value.light],
            }
        )
    rows += [{"change": change} for change in pending]
    return rows


def _kpi_context(request, kpi, **forms):
    values = list(selectors.kpi_values(kpi))
    changes = selectors.method_changes(kpi)
    can_act = may(request.user, MANAGE, kpi)
    today = timezone.localdate()
    source = None if kpi.is_manual else get_source(kpi.source)
    latest = next((v for v in reversed(values) if v.value is not None), None)
    return {
        "kpi": kpi,
        "source": source,
        "chart": kpi_chart(kpi, values, changes),
        "rows": _value_rows(kpi, values, changes),
        "latest": latest,
        "latest_light": LIGHTS[kpi.light(latest.value if latest else None)],
        "changes": changes,
        "lights": LIGHTS,
        "can_enter": can_act and kpi.is_manual,
        "can_change_method": can_act,
        "can_comment": may(request.user, VIEW, kpi),
        "can_recompute": not kpi.is_manual and may(request.user, MANAGE),
        "can_edit": may(request.user, MANAGE),
        "value_form": forms.get("value_form") or ValueForm(kpi=kpi, today=today),
        "method_form": forms.get("method_form") or MethodChangeForm(),
        "comment_form": CommentForm(),
    }


@object_permission_required(VIEW)
def kpi_detail(request, pk: int):
    kpi = selectors.kpi_get(user=request.user, pk=pk)
    return render(request, "performance/kpi_detail.html", _kpi_context(request, kpi))


def _kpi_fields(form) -> dict:
    return dict(form.cleaned_data)


@permission_required(MANAGE)
def kpi_create(request, pk: int):
    objective = selectors.objective_get(user=request.user, pk=pk)
    form = KpiForm(request.POST or None, initial={"unit": objective.unit, "owner": objective.owner})
    if request.method == "POST" and (
        kpi := run_service(
            request,
            form,
            lambda: services.kpi_create(by=request.user, objective=objective, **_kpi_fields(form)),
            _("KPI defined."),
        )
    ):
        return redirect("performance:kpi_detail", pk=kpi.pk)
    return render(
        request,
        "performance/form_page.html",
        {
            "form": form,
            "heading": _("New KPI of %(objective)s") % {"objective": objective.title},
            "submit": _("Save"),
            "back_url": objective.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE)
def kpi_edit(request, pk: int):
    kpi = selectors.kpi_get(user=request.user, pk=pk)
    names = KpiForm.base_fields.keys()
    form = KpiForm(request.POST or None, initial={name: getattr(kpi, name) for name in names})
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.kpi_edit(kpi=kpi, by=request.user, **_kpi_fields(form)),
        _("KPI changed."),
    ):
        return redirect("performance:kpi_detail", pk=kpi.pk)
    return render(
        request,
        "performance/form_page.html",
        {
            "form": form,
            "heading": _("Change the KPI"),
            "submit": _("Save"),
            "back_url": kpi.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@object_permission_required(MANAGE)
def value_record(request, pk: int):
    """The owner (or the quality manager) enters a manual KPI's value for an ended period."""
    kpi = selectors.kpi_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, kpi):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = ValueForm(request.POST or None, kpi=kpi, today=timezone.localdate())
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.value_record(
            kpi=kpi,
            by=request.user,
            period_start=form.cleaned_data["period_start"],
            value=form.cleaned_data["value"],
        ),
        _("Value recorded."),
    ):
        return redirect("performance:kpi_detail", pk=kpi.pk)
    template = "performance/value_form.html#form" if request.htmx else "performance/value_form.html"
    return render(request, template, {"kpi": kpi, "form": form}, status=400 if form.errors else 200)


@object_permission_required(MANAGE)
def method_change(request, pk: int):
    kpi = selectors.kpi_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, kpi):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = MethodChangeForm(request.POST or None)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.method_change_record(kpi=kpi, by=request.user, **form.cleaned_data),
        _("Change of method recorded."),
    ):
        return redirect("performance:kpi_detail", pk=kpi.pk)
    return render(
        request,
        "performance/form_page.html",
        {
            "form": form,
            "heading": _("Record a change of method: %(kpi)s") % {"kpi": kpi.name},
            "submit": _("Record"),
            "back_url": kpi.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@object_permission_required(VIEW)
def value_comment(request, pk: int):
    value = selectors.value_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.value_comment(value=value, by=request.user, text=form.cleaned_data["text"]),
        _("Comment added."),
    ):
        return redirect(value.kpi.get_absolute_url() + f"#value-{value.pk}")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(value.kpi.get_absolute_url() + f"#value-{value.pk}")


@require_POST
@permission_required(MANAGE)
def kpi_recompute(request, pk: int):
    """The quality manager recomputes a computed KPI's whole series (after a correction in the data)."""
    kpi = selectors.kpi_get(user=request.user, pk=pk)
    if kpi.is_manual:
        messages.error(request, _("This KPI is entered by hand: there is nothing to compute."))
    else:
        written = compute.kpi_compute(kpi=kpi, by=request.user)
        messages.success(request, _("Values recomputed: %(count)d changed.") % {"count": written})
    return redirect("performance:kpi_detail", pk=kpi.pk)
