"""Risk assessments, risks with their treatment plan and history, owner sign-off, heat maps."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.deadlines import add_months
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import has_perm, object_permission_required, permission_required, require_may
from magistrat.isms import policy, selectors
from magistrat.isms.forms import AssessmentForm, RiskForm, SignOffForm, TaskDoneForm, TaskForm
from magistrat.isms.models import RiskAssessment, RiskMatrix, RiskScenario, TreatmentTask
from magistrat.isms.models.risks import STAGE_LABELS
from magistrat.isms.services import risks as services
from magistrat.isms.views.common import edit_page, form_page, run_service


@permission_required("isms.view_isms")
def assessment_list(request):
    page = Paginator(RiskAssessment.objects.select_related("matrix", "unit"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "isms/assessment_list.html", {"page": page})


@permission_required("isms.manage_isms")
def assessment_create(request):
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    return edit_page(
        request,
        form,
        save=lambda: services.assessment_create(**form.cleaned_data),
        success=_("Assessment created."),
        detail="isms:assessment_detail",
        title=_("New risk assessment"),
        back=reverse("isms:assessment_list"),
    )


@permission_required("isms.view_isms")
def assessment_detail(request, pk: int):
    assessment = get_object_or_404(RiskAssessment.objects.select_related("matrix", "unit"), pk=pk)
    risks = selectors.risk_list(user=request.user, assessment=assessment)
    page = Paginator(risks, 50).get_page(request.GET.get("page"))
    maps = selectors.heat_maps(user=request.user, matrix=assessment.matrix, assessment=assessment)
    return render(
        request, "isms/assessment_detail.html", {"assessment": assessment, "page": page, "maps": maps}
    )


def _cell(request) -> tuple[str, int, int] | None:
    """A heat map cell, from ?inherent=3-4 or ?residual=2-1 (likelihood-impact)."""
    for stage in ("inherent", "residual"):
        likelihood, _sep, impact = request.GET.get(stage, "").partition("-")
        if likelihood.isdigit() and impact.isdigit():
            return stage, int(likelihood), int(impact)
    return None


def _risk_filters(request) -> dict:
    rank = request.GET.get("rank", "")
    return {
        "cell": _cell(request),
        "query": request.GET.get("q", "").strip()[:100],
        "treatment": request.GET.get("treatment", "")
        if request.GET.get("treatment") in RiskScenario.Treatment.values
        else "",
        "residual_rank": int(rank) if rank.isdigit() else None,
        "sign_off": request.GET.get("sign_off", "")
        if request.GET.get("sign_off") in ("missing", "unacceptable")
        else "",
    }


@permission_required("isms.view_isms")
def risk_list(request):
    filters = _risk_filters(request)
    page = Paginator(selectors.risk_list(user=request.user, **filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "cell_label": STAGE_LABELS[filters["cell"][0]] if filters["cell"] else "",
        "treatments": RiskScenario.Treatment.choices,
    }
    template = "isms/risk_list.html#results" if request.htmx else "isms/risk_list.html"
    return render(request, template, context)


@permission_required("isms.export_isms")
def risk_export(request):
    filters = _risk_filters(request)
    risks = selectors.risk_list(user=request.user, **filters).prefetch_related("assets")
    headers = [
        _("code"),
        _("risk"),
        _("assessment"),
        _("assets"),
        _("threat"),
        _("vulnerability"),
        _("inherent"),
        _("current"),
        _("residual"),
        _("treatment option"),
        _("risk owner"),
        _("signed off until"),
    ]
    today = timezone.localdate()

    def level(risk, stage):
        likelihood, impact = risk.rating(stage)
        return f"{likelihood}×{impact} {risk.level(stage)['id']}"

    rows = (
        [
            r.code,
            r.title,
            str(r.assessment),
            ", ".join(a.code for a in r.assets.all()),
            r.threat,
            r.vulnerability,
            level(r, "inherent"),
            level(r, "current"),
            level(r, "residual"),
            r.get_treatment_display(),
            r.owner.get_full_name() or r.owner.get_username(),
            (s.expires_on if (s := r.valid_sign_off(today)) else ""),
        ]
        for r in risks.iterator(chunk_size=1000)
    )
    return tabular_response(
        name="risks",
        headers=headers,
        rows=rows,
        request=request,
        action="isms.risk.exported",
        filters={k: str(v) for k, v in filters.items()},
    )


@permission_required("isms.view_isms")
def heatmap(request):
    """Inherent against residual risk, for one matrix version (risks are comparable only within one)."""
    matrices = list(RiskMatrix.objects.all())
    chosen = request.GET.get("matrix", "")
    matrix = next((m for m in matrices if str(m.pk) == chosen), None) or next(
        (m for m in matrices if m.is_default), matrices[0] if matrices else None
    )
    maps = selectors.heat_maps(user=request.user, matrix=matrix) if matrix else []
    return render(request, "isms/heatmap.html", {"matrices": matrices, "matrix": matrix, "maps": maps})


def _risk_context(request, risk: RiskScenario, sign_off_form: SignOffForm | None = None) -> dict:
    today = timezone.localdate()
    return {
        "risk": risk,
        "levels": {stage: risk.level(stage) for stage in ("inherent", "current", "residual")},
        "tasks": risk.tasks.select_related("owner", "control"),
        "assets": risk.assets.order_by("code"),
        "controls": risk.controls.select_related("reference"),
        "revisions": risk.revisions.select_related("recorded_by").order_by("-revision"),
        "sign_off": risk.valid_sign_off(today),
        "sign_offs": risk.sign_offs.all(),
        "can_manage": has_perm(request.user, "isms.manage_isms"),
        "is_owner": risk.owner_id == request.user.pk,
        "sign_off_form": sign_off_form
        or SignOffForm(initial={"expires_on": add_months(today, policy.value("sign_off_suggested_months"))}),
        "today": today,
    }


def _visible_risk(request, pk: int) -> RiskScenario:
    queryset = RiskScenario.objects.select_related("assessment", "owner").prefetch_related(
        "sign_offs__signed_by"
    )
    return selectors.get_visible(queryset, request.user, pk)


@object_permission_required("isms.view_isms")
def risk_detail(request, pk: int):
    return render(request, "isms/risk_detail.html", _risk_context(request, _visible_risk(request, pk)))


@require_POST
@object_permission_required("isms.view_isms")
def risk_sign_off(request, pk: int):
    """The owner signs off; anyone else, or a wrong form, sees the refusal on the risk's page."""
    risk = _visible_risk(request, pk)
    form = SignOffForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.risk_sign_off(scenario=risk, user=request.user, **form.cleaned_data),
        _("Signed off."),
    ):
        return redirect("isms:risk_detail", pk=risk.pk)
    return render(request, "isms/risk_detail.html", _risk_context(request, risk, form), status=400)


@permission_required("isms.manage_isms")
def risk_edit(request, assessment_pk: int | None = None, pk: int | None = None):
    if pk:
        risk = get_object_or_404(RiskScenario.objects.select_related("assessment"), pk=pk)
        assessment = risk.assessment
    else:
        assessment = get_object_or_404(RiskAssessment, pk=assessment_pk)
        risk = RiskScenario(assessment=assessment)
    form = RiskForm(request.POST or None, instance=risk, assessment=assessment)
    return edit_page(
        request,
        form,
        save=lambda: services.risk_save(
            scenario=form.save(commit=False),
            assets=form.cleaned_data["assets"],
            controls=form.cleaned_data["controls"],
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        ),
        success=_("Risk saved."),
        detail="isms:risk_detail",
        title=_("Change the risk") if pk else _("New risk"),
        back=reverse("isms:risk_detail", args=[pk])
        if pk
        else reverse("isms:assessment_detail", args=[assessment.pk]),
        intro=_("Assessment: %(assessment)s. Ratings use its matrix: %(matrix)s.")
        % {"assessment": assessment, "matrix": assessment.matrix},
    )


@permission_required("isms.manage_isms")
def task_edit(request, risk_pk: int | None = None, pk: int | None = None):
    if pk:
        task = get_object_or_404(TreatmentTask.objects.select_related("scenario"), pk=pk)
    else:
        task = TreatmentTask(scenario=get_object_or_404(RiskScenario, pk=risk_pk))
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST":
        saved = run_service(
            request,
            form,
            lambda: services.task_save(task=form.save(commit=False), by=request.user),
            _("Task saved."),
        )
        if saved:
            return redirect("isms:risk_detail", pk=task.scenario_id)
    return form_page(
        request,
        form,
        title=_("Treatment task"),
        back=reverse("isms:risk_detail", args=[task.scenario_id]),
        intro=str(task.scenario),
    )


@require_POST
@object_permission_required("isms.manage_isms")
def task_done(request, pk: int):
    task = get_object_or_404(TreatmentTask.objects.select_related("scenario"), pk=pk)
    require_may(request.user, "isms.manage_isms", task)  # the task's owner or the security officer
    form = TaskDoneForm(request.POST)
    run_service(
        request,
        form,
        lambda: services.task_complete(task=task, user=request.user, **form.cleaned_data),
        _("Task done."),
    )
    if request.POST.get("next") == "mine":
        return redirect("isms:mine")
    return redirect("isms:risk_detail", pk=task.scenario_id)
