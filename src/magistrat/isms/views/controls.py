"""Applied controls, their evidence files (in revisions) and recurring checks."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.permissions import (
    has_perm,
    may,
    object_permission_required,
    permission_required,
    require_may,
)
from magistrat.core.uploads import check_upload
from magistrat.isms import selectors
from magistrat.isms.forms import CheckForm, CheckResultForm, ControlForm, EvidenceForm, EvidenceUploadForm
from magistrat.isms.models import AppliedControl, ControlCheck, Evidence, EvidenceRevision
from magistrat.isms.services import controls as services
from magistrat.isms.views.common import edit_page, form_page, run_service


@permission_required("isms.view_isms")
def control_list(request):
    query = request.GET.get("q", "").strip()[:100]
    status = (
        request.GET.get("status", "") if request.GET.get("status") in AppliedControl.Status.values else ""
    )
    page = Paginator(selectors.control_list(user=request.user, query=query, status=status), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "q": query, "status": status, "statuses": AppliedControl.Status.choices}
    template = "isms/control_list.html#results" if request.htmx else "isms/control_list.html"
    return render(request, template, context)


def _control_for(request, pk: int) -> AppliedControl:
    return selectors.get_visible(
        AppliedControl.objects.select_related("reference", "owner", "unit"), request.user, pk
    )


@object_permission_required("isms.view_isms")
def control_detail(request, pk: int):
    control = _control_for(request, pk)
    context = {
        "control": control,
        "evidence": control.evidence.prefetch_related("revisions__uploaded_by"),
        "checks": control.checks.prefetch_related("results__performed_by"),
        "risks": control.risks.select_related("assessment"),
        "tasks": control.tasks.select_related("scenario", "owner"),
        # the control's owner keeps its evidence and records its checks (isms.permissions)
        "may_act": may(request.user, "isms.manage_isms", control),
        "can_manage": has_perm(request.user, "isms.manage_isms"),
        "result_form": CheckResultForm(),
    }
    return render(request, "isms/control_detail.html", context)


@permission_required("isms.manage_isms")
def control_edit(request, pk: int | None = None):
    control = get_object_or_404(AppliedControl, pk=pk) if pk else AppliedControl()
    form = ControlForm(request.POST or None, instance=control)
    return edit_page(
        request,
        form,
        save=lambda: services.control_save(control=form.save(commit=False)),
        success=_("Control saved."),
        detail="isms:control_detail",
        title=_("Change the control") if pk else _("New control"),
        back=reverse("isms:control_detail", args=[pk]) if pk else reverse("isms:control_list"),
    )


def _checked_file(form):
    try:
        return check_upload(form.cleaned_data["file"])
    except ValidationError as exc:
        form.add_error("file", exc)
        return None


@object_permission_required("isms.manage_isms")
def evidence_create(request, pk: int):
    control = _control_for(request, pk)
    require_may(request.user, "isms.manage_isms", control)
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=Evidence(control=control))
    if request.method == "POST" and form.is_valid() and (checked := _checked_file(form)):

        def create():
            evidence = services.evidence_save(evidence=form.save(commit=False), user=request.user)
            services.evidence_upload(
                evidence=evidence, file=checked, by=request.user, note=form.cleaned_data["note"]
            )
            return evidence

        if run_service(request, form, create, _("Evidence added.")):
            return redirect("isms:control_detail", pk=control.pk)
    return form_page(
        request,
        form,
        title=_("Add evidence"),
        back=reverse("isms:control_detail", args=[control.pk]),
        intro=str(control),
        status=400 if form.errors else 200,
    )


@object_permission_required("isms.manage_isms")
def evidence_upload(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("control"), pk=pk)
    control = _control_for(request, evidence.control_id)
    require_may(request.user, "isms.manage_isms", control)
    form = EvidenceUploadForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (checked := _checked_file(form))
        and run_service(
            request,
            form,
            lambda: services.evidence_upload(
                evidence=evidence, file=checked, by=request.user, note=form.cleaned_data["note"]
            ),
            _("New revision uploaded."),
        )
    ):
        return redirect("isms:control_detail", pk=control.pk)
    return form_page(
        request,
        form,
        title=_("New revision: %(title)s") % {"title": evidence.title},
        back=reverse("isms:control_detail", args=[control.pk]),
        status=400 if form.errors else 200,
    )


@object_permission_required("isms.view_isms")
def evidence_download(request, pk: int):
    revision = get_object_or_404(EvidenceRevision.objects.select_related("evidence"), pk=pk)
    _control_for(request, revision.evidence.control_id)  # 404 unless the user may see the control
    try:
        handle = revision.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    log_action(revision, "isms.evidence.downloaded", data={"file": revision.filename})
    return FileResponse(
        handle, as_attachment=True, filename=revision.filename, content_type=revision.content_type
    )


@permission_required("isms.manage_isms")
def check_create(request, pk: int):
    control = get_object_or_404(AppliedControl, pk=pk)
    form = CheckForm(request.POST or None, instance=ControlCheck(control=control))
    if request.method == "POST" and run_service(
        request, form, lambda: services.check_save(check=form.save(commit=False)), _("Check saved.")
    ):
        return redirect("isms:control_detail", pk=control.pk)
    return form_page(
        request, form, title=_("New recurring check"), back=reverse("isms:control_detail", args=[pk])
    )


@object_permission_required("isms.manage_isms")
def check_result(request, pk: int):
    check = get_object_or_404(ControlCheck, pk=pk)
    control = _control_for(request, check.control_id)
    require_may(request.user, "isms.manage_isms", control)
    form = CheckResultForm(request.POST or None)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.check_result_record(check=check, by=request.user, **form.cleaned_data),
        _("Result recorded."),
    ):
        return redirect("isms:control_detail", pk=control.pk)
    return form_page(
        request,
        form,
        title=_("Result of the check: %(title)s") % {"title": check.title},
        back=reverse("isms:control_detail", args=[control.pk]),
        status=400 if form.errors else 200,
    )
