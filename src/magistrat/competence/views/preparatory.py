"""The preparatory service of officials employed for the first time (u.p.s. art. 19)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.competence import selectors
from magistrat.competence.forms_model import ExamForm, ExemptForm, PreparatoryForm, ResultForm
from magistrat.competence.models import PreparatoryService
from magistrat.competence.services import preparatory as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import get_for, has_perm, may, object_permission_required, permission_required

VIEW = "competence.view_competence"
MANAGE = "competence.manage_competence"


@permission_required(VIEW)
def preparatory_list(request):
    context = {
        "services": selectors.preparatory_list(user=request.user),
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "competence/preparatory_list.html", context)


@permission_required(MANAGE)
def preparatory_create(request):
    form = PreparatoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.preparatory_open(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Preparatory service organised."))
            return redirect("competence:preparatory_detail", pk=service.pk)
    context = {
        "form": form,
        "title": _("Organise a preparatory service"),
        "back": "competence:preparatory_list",
    }
    return render(request, "competence/form.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def preparatory_detail(request, pk: int):
    service = selectors.preparatory_get(user=request.user, pk=pk)
    can_manage = may(request.user, MANAGE, service) and not service.result
    context = {
        "service": service,
        "can_manage": can_manage,
        "exempt_form": ExemptForm(),
        "exam_form": ExamForm(initial={"exam_on": service.exam_on or service.exam_due_by}),
        "result_form": ResultForm(),
    }
    return render(request, "competence/preparatory_detail.html", context)


@object_permission_required(MANAGE)
@require_POST
def preparatory_action(request, pk: int, action: str):
    service = get_for(request.user, MANAGE, PreparatoryService.objects.select_related("staff__user"), pk=pk)
    forms = {"exempt": ExemptForm, "exam": ExamForm, "result": ResultForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("competence:preparatory_detail", pk=service.pk)
    try:
        if action == "exempt":
            services.preparatory_exempt(
                user=request.user, service=service, reason=form.cleaned_data["reason"]
            )
        elif action == "exam":
            services.preparatory_schedule_exam(
                user=request.user, service=service, exam_on=form.cleaned_data["exam_on"]
            )
        else:
            services.preparatory_record_result(user=request.user, service=service, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("competence:preparatory_detail", pk=service.pk)
