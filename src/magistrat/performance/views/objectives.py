"""Objectives' pages: the tree office → units with their KPIs' lights, an objective, set and change."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from magistrat.core.exceptions import run_service
from magistrat.core.permissions import may, object_permission_required, permission_required
from magistrat.performance import selectors
from magistrat.performance.forms import ObjectiveEditForm, ObjectiveForm
from magistrat.performance.models import Objective
from magistrat.performance.services import objectives as services

MANAGE, VIEW = "performance.manage_performance", "performance.view_performance"


@permission_required(VIEW)
def objective_tree(request):
    state = request.GET.get("state", "active")
    state = state if state in Objective.State.values or state == "all" else "active"
    context = {
        "tree": selectors.objective_tree(user=request.user, state="" if state == "all" else state),
        "state": state,
        "states": Objective.State.choices,
        "can_manage": may(request.user, MANAGE),
    }
    return render(request, "performance/objective_tree.html", context)


@object_permission_required(VIEW)
def objective_detail(request, pk: int):
    objective = selectors.objective_get(user=request.user, pk=pk)
    children = selectors.objectives_visible(request.user).filter(parent=objective).select_related("unit")
    context = {
        "objective": objective,
        "kpis": selectors.kpis_of(objective),
        "children": children.order_by("title"),
        "can_manage": may(request.user, MANAGE, objective),
    }
    return render(request, "performance/objective_detail.html", context)


def _fields(form) -> dict:
    data = form.cleaned_data
    fields = {name: data[name] for name in ("title", "level", "owner", "year_from", "year_to")}
    fields |= {name: data[name] for name in ("description", "unit", "parent", "review_on")}
    if data["level"] == Objective.Level.OFFICE:
        fields["unit"] = fields["parent"] = None
    return fields


@permission_required(MANAGE)
def objective_create(request):
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and (
        objective := run_service(
            request,
            form,
            lambda: services.objective_create(by=request.user, **_fields(form)),
            _("Objective set."),
        )
    ):
        return redirect("performance:objective_detail", pk=objective.pk)
    return render(
        request,
        "performance/form_page.html",
        {"form": form, "heading": _("New objective"), "submit": _("Save")},
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE)
def objective_edit(request, pk: int):
    objective = selectors.objective_get(user=request.user, pk=pk)
    initial = {
        name: getattr(objective, name)
        for name in ("title", "description", "level", "unit", "parent", "owner", "year_from", "year_to")
    } | {"review_on": objective.review_on, "state": objective.state}
    form = ObjectiveEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.objective_edit(
            objective=objective, by=request.user, state=form.cleaned_data["state"], **_fields(form)
        ),
        _("Objective changed."),
    ):
        return redirect("performance:objective_detail", pk=objective.pk)
    return render(
        request,
        "performance/form_page.html",
        {
            "form": form,
            "heading": _("Change the objective"),
            "submit": _("Save"),
            "back_url": objective.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )
