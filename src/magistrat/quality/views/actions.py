"""The action register's pages: my actions, the register (filters, export), an action, done/cancel."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.exports import tabular_response
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import may, object_permission_required, permission_required, signed_in
from magistrat.quality import selectors
from magistrat.quality.forms import ActionForm, DoneForm
from magistrat.quality.models import Action
from magistrat.quality.services import actions as services


def _filters(request) -> selectors.ActionFilters:
    state = request.GET.get("state", "")
    return selectors.ActionFilters(
        state=state if state in Action.State.values else "",
        unit=request.GET.get("unit", "").strip()[:30],
        overdue=request.GET.get("overdue") == "1",
        query=request.GET.get("q", "").strip()[:100],
    )


@signed_in
def action_mine(request):
    actions = list(selectors.my_actions(user=request.user)[:500])
    return render(
        request,
        "quality/action_mine.html",
        {
            "open": [a for a in actions if a.state == Action.State.OPEN],
            "finished": [a for a in actions if a.state != Action.State.OPEN][:50],
        },
    )


@permission_required("quality.view_quality")
def action_list(request):
    filters = _filters(request)
    actions = selectors.action_list(user=request.user, filters=filters)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "states": Action.State.choices,
        "overdue": selectors.overdue_count(user=request.user),
        "today": timezone.localdate(),
    }
    template = "quality/action_list.html#results" if request.htmx else "quality/action_list.html"
    return render(request, template, context)


@permission_required("quality.view_quality")
def action_export(request):
    filters = _filters(request)
    actions = selectors.action_list(user=request.user, filters=filters)
    headers = [
        _("Title"),
        _("Origin"),
        _("Owner"),
        _("Unit"),
        _("Deadline"),
        _("State"),
        _("Deadline status"),
        _("Done"),
        _("What was done"),
        _("Description"),
    ]
    rows = (
        [
            a.title,
            a.origin_label,
            a.owner.get_full_name() or a.owner.get_username(),
            a.unit.code,
            a.due_on,
            a.get_state_display(),
            a.status().label if a.status() else "",
            a.done_at,
            a.done_note,
            a.description,
        ]
        for a in actions.iterator(chunk_size=1000)
    )
    return tabular_response(
        name="actions",
        headers=headers,
        rows=rows,
        request=request,
        action="quality.action.exported",
        filters={
            "state": filters.state,
            "unit": filters.unit,
            "overdue": filters.overdue,
            "q": filters.query,
        },
    )


@object_permission_required("quality.view_quality")
def action_detail(request, pk: int):
    action = selectors.action_get(user=request.user, pk=pk)
    origin_url = ""
    if action.origin_type is not None:
        origin = action.origin_type.get_object_for_this_type(pk=action.origin_id)
        origin_url = origin.get_absolute_url() if hasattr(origin, "get_absolute_url") else ""
    context = {
        "action": action,
        "origin_url": origin_url,
        "can_act": action.state == Action.State.OPEN and may(request.user, "quality.manage_quality", action),
        "can_cancel": action.state == Action.State.OPEN and may(request.user, "quality.manage_quality"),
        "done_form": DoneForm(),
        "cancel_form": ReasonForm(),
    }
    return render(request, "quality/action_detail.html", context)


def _back(request, action):
    return (
        redirect("quality:action_mine")
        if request.POST.get("next") == "mine"
        else redirect("quality:action_detail", pk=action.pk)
    )


@require_POST
@object_permission_required("quality.manage_quality")
def action_done(request, pk: int):
    """The owner (or the quality manager) marks the action done."""
    action = selectors.action_get(user=request.user, pk=pk)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(request, action)
    try:
        services.action_done(action=action, by=request.user, note=form.cleaned_data["note"])
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Action marked done."))
    return _back(request, action)


@require_POST
@permission_required("quality.manage_quality")
def action_cancel(request, pk: int):
    action = selectors.action_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Say why the action is cancelled."))
        services.action_cancel(action=action, by=request.user, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Action cancelled."))
    return redirect("quality:action_detail", pk=action.pk)


def action_fields(form) -> dict:
    """What a planned action takes from its form (`ActionForm`), from a record or on its own."""
    names = ("title", "description", "owner", "unit", "due_on")
    return {name: form.cleaned_data[name] for name in names}


@permission_required("quality.manage_quality")
def action_create(request):
    """An action of no record's making (an improvement the quality manager plans directly)."""
    form = ActionForm(request.POST or None)
    if request.method == "POST" and (
        action := run_service(
            request,
            form,
            lambda: services.action_create(by=request.user, **action_fields(form)),
            _("Action planned."),
        )
    ):
        return redirect("quality:action_detail", pk=action.pk)
    return render(request, "quality/action_create.html", {"form": form}, status=400 if form.errors else 200)
