"""The risk and opportunity register's pages: the list with heat maps and export, a record with
its actions, recording, changing (with the reason) and closing, and planning an action."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.exports import tabular_response
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import may, object_permission_required, permission_required
from magistrat.core.reference import localized
from magistrat.quality import risk_selectors as selectors
from magistrat.quality.context_forms import RiskChangeForm, RiskForm
from magistrat.quality.forms import ActionForm
from magistrat.quality.models import Action, QualityRisk
from magistrat.quality.services import risks as services
from magistrat.quality.views.actions import action_fields

VIEW, MANAGE = "quality.view_quality", "quality.manage_quality"


def _cell(value: str) -> tuple[int, int] | None:
    likelihood, _sep, impact = value.partition("-")
    if likelihood.isdigit() and impact.isdigit() and len(value) <= 5:
        return int(likelihood), int(impact)
    return None


def _filters(request) -> selectors.RiskFilters:
    get = request.GET.get
    return selectors.RiskFilters(
        kind=get("kind", "") if get("kind", "") in QualityRisk.Kind.values else "",
        state=get("state", "open") if get("state", "open") in QualityRisk.State.values else "",
        area=get("area", "") if get("area", "") in QualityRisk.Area.values else "",
        unit=get("unit", "").strip()[:30],
        unacceptable=get("unacceptable") == "1",
        cell=_cell(get("cell", "")),
        query=get("q", "").strip()[:100],
    )


@permission_required(VIEW)
def risk_list(request):
    filters = _filters(request)
    page = Paginator(selectors.risk_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "maps": selectors.risk_heat_maps(user=request.user),
        "kinds": QualityRisk.Kind.choices,
        "areas": QualityRisk.Area.choices,
        "can_manage": may(request.user, MANAGE),
    }
    return render(request, "quality/risk_list.html", context)


@permission_required(VIEW)
def risk_export(request):
    filters = _filters(request)
    risks = selectors.risk_list(user=request.user, filters=filters)
    headers = [
        _("Kind"),
        _("Title"),
        _("Concerns"),
        _("Which objective, task or process"),
        _("Unit"),
        _("Owner"),
        _("Likelihood"),
        _("Impact"),
        _("Level"),
        _("Acceptable"),
        _("Response"),
        _("Review by"),
        _("State"),
    ]
    rows = (
        [
            risk.get_kind_display(),
            risk.title,
            risk.get_area_display(),
            risk.concerns,
            risk.unit.code,
            risk.owner.get_full_name() or risk.owner.get_username(),
            risk.likelihood,
            risk.impact,
            localized(risk.level),
            _("yes") if risk.acceptable else _("no"),
            risk.get_response_display(),
            risk.review_on,
            risk.get_state_display(),
        ]
        for risk in risks.iterator(chunk_size=1000)
    )
    return tabular_response(
        name="risks-and-opportunities",
        headers=headers,
        rows=rows,
        request=request,
        action="quality.risk.exported",
        filters={"kind": filters.kind, "state": filters.state, "unit": filters.unit, "q": filters.query},
    )


def _form_page(request, form, *, title: str, risk=None):
    context = {"form": form, "title": title, "risk": risk}
    return render(request, "quality/risk_form.html", context, status=400 if form.errors else 200)


@permission_required(MANAGE)
def risk_create(request):
    form = RiskForm(request.POST or None)
    if request.method == "POST" and (
        risk := run_service(
            request, form, lambda: services.risk_create(by=request.user, **form.cleaned_data), _("Recorded.")
        )
    ):
        return redirect("quality:risk_detail", pk=risk.pk)
    return _form_page(request, form, title=_("New risk or opportunity"))


@object_permission_required(VIEW)
def risk_detail(request, pk: int):
    risk = selectors.risk_get(user=request.user, pk=pk)
    context = {
        "risk": risk,
        "actions": Action.objects.of(risk).select_related("owner", "unit").order_by("due_on", "pk"),
        "can_manage": may(request.user, MANAGE, risk),
        "close_form": ReasonForm(),
    }
    return render(request, "quality/risk_detail.html", context)


def _managed(request, pk: int) -> QualityRisk:
    risk = selectors.risk_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, risk):
        raise Http404
    return risk


@object_permission_required(MANAGE)
def risk_change(request, pk: int):
    risk = _managed(request, pk)
    fields = [name for name in RiskChangeForm.base_fields if name not in ("kind", "reason")]
    form = RiskChangeForm(request.POST or None, initial={name: getattr(risk, name) for name in fields})
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.risk_change(by=request.user, risk=risk, **form.cleaned_data),
        _("Saved."),
    ):
        return redirect("quality:risk_detail", pk=risk.pk)
    return _form_page(request, form, title=_("Change %(title)s") % {"title": risk.title}, risk=risk)


@require_POST
@object_permission_required(MANAGE)
def risk_close(request, pk: int):
    risk = _managed(request, pk)
    form = ReasonForm(request.POST)
    try:
        services.risk_close(
            by=request.user, risk=risk, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Closed."))
    return redirect("quality:risk_detail", pk=risk.pk)


@object_permission_required(MANAGE)
def risk_action_add(request, pk: int):
    risk = _managed(request, pk)
    form = ActionForm(request.POST or None, initial={"unit": risk.unit_id, "owner": risk.owner_id})
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.risk_action_add(by=request.user, risk=risk, **action_fields(form)),
        _("Action planned."),
    ):
        return redirect("quality:risk_detail", pk=risk.pk)
    title = _("Action on %(title)s") % {"title": risk.title}
    return _form_page(request, form, title=title, risk=risk)
