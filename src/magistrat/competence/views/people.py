"""A person's competence profile: required and held levels with their history; recording a level."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.competence import gaps, selectors
from magistrat.competence.forms_model import LevelForm
from magistrat.competence.models import LevelRecord
from magistrat.competence.schedule import direct_superior, primary_unit_id
from magistrat.competence.services import levels as services
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import has_perm, object_permission_required, signed_in

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


def _sources(user, staff) -> list[str]:
    """The sources the user may record for the person (the service checks again)."""
    if staff.user_id == user.pk:
        return [LevelRecord.Source.SELF.value]
    superior = direct_superior(staff)
    is_superior = superior is not None and superior.user_id == user.pk
    sources: list[str] = [LevelRecord.Source.SUPERIOR.value] if is_superior else []
    if is_superior or has_perm(user, MANAGE):
        sources += [LevelRecord.Source.TEST.value, LevelRecord.Source.CERTIFICATE.value]
    return sources


def _render(request, staff, form=None, status=200):
    unit_id = primary_unit_id(staff)
    matrix = gaps.unit_matrix([unit_id], person=staff) if unit_id else None
    row = next((r for r in matrix.rows if r.staff.pk == staff.pk), None) if matrix else None
    history = list(selectors.level_history(staff=staff))
    latest_self = {}
    for record in history:
        if record.source == LevelRecord.Source.SELF:
            latest_self.setdefault(record.competence_id, record.level)
    sources = _sources(request.user, staff)
    context = {
        "staff": staff,
        "cells": [(c, latest_self.get(c.competence.pk)) for c in row.cells] if row else [],
        "history": history,
        "form": form or (LevelForm(sources=sources) if sources else None),
        "own": staff.user_id == request.user.pk,
    }
    return render(request, "competence/profile.html", context, status=status)


@signed_in
def my_profile(request):
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise Http404
    return _render(request, staff)


@object_permission_required(VIEW)
def profile(request, pk: int):
    return _render(request, selectors.staff_get(user=request.user, pk=pk))


@object_permission_required(VIEW)
@require_POST
def level_record(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    sources = _sources(request.user, staff)
    form = LevelForm(request.POST, sources=sources or None)
    if form.is_valid():
        try:
            services.level_record(user=request.user, staff=staff, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Level recorded."))
            return redirect("competence:profile", pk=staff.pk)
    return _render(request, staff, form=form, status=400)
