"""The competence framework (competences, their scales) and the levels positions require."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from magistrat.competence.forms_model import CompetenceForm, RequirementForm
from magistrat.competence.models import Competence, PositionRequirement
from magistrat.competence.services import framework as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import has_perm, permission_required
from magistrat.org.models import Position

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


@permission_required(VIEW)
def framework(request):
    competences = Competence.objects.order_by("group", "name")
    groups = [
        (label, [c for c in competences if c.group == value]) for value, label in Competence.Group.choices
    ]
    context = {"groups": groups, "can_manage": has_perm(request.user, MANAGE)}
    return render(request, "competence/framework.html", context)


@permission_required(MANAGE)
def competence_create(request):
    form = CompetenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_create(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Competence added."))
            return redirect("competence:framework")
    context = {"form": form, "title": _("New competence"), "back": "competence:framework"}
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)


@permission_required(MANAGE)
def competence_edit(request, pk: int):
    competence = get_object_or_404(Competence, pk=pk)
    initial = {
        "name": competence.name,
        "group": competence.group,
        "description": competence.description,
        "levels": CompetenceForm.levels_text(competence.levels),
        "is_active": competence.is_active,
    }
    form = CompetenceForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_update(user=request.user, competence=competence, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Competence saved."))
            return redirect("competence:framework")
    context = {"form": form, "title": competence.name, "back": "competence:framework"}
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)


@permission_required(VIEW)
def positions(request):
    found = Position.objects.order_by("name")
    counts: dict[int, int] = {}
    for requirement in PositionRequirement.objects.current().only("position_id"):
        counts[requirement.position_id] = counts.get(requirement.position_id, 0) + 1
    rows = [(p, counts.get(p.pk, 0)) for p in found]
    return render(request, "competence/positions.html", {"rows": rows})


@permission_required(VIEW)
def position_detail(request, pk: int):
    """The levels a position requires (with their history); HR sets a level from a date."""
    position = get_object_or_404(Position, pk=pk)
    can_manage = has_perm(request.user, MANAGE)
    form = RequirementForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.requirement_set(user=request.user, position=position, **form.cleaned_data)
            except ServiceError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Required level saved."))
                return redirect("competence:position_detail", pk=position.pk)
    requirements = PositionRequirement.objects.filter(position=position).select_related(
        "competence", "set_by"
    )
    context = {
        "position": position,
        "current": [r for r in requirements if r.valid_until is None],
        "history": [r for r in requirements if r.valid_until is not None],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "competence/position_detail.html", context, status=400 if form.errors else 200)
