"""Crisis templates (written and approved by approvers) and sending one (duty officers); the
lists of categories and districts the approvers keep."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.comms.forms import TaxonomyForm, TemplateForm
from magistrat.comms.models import Category, CrisisTemplate, District
from magistrat.comms.services import crisis
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import (
    get_for,
    may,
    object_permission_required,
    permission_required,
)

VIEW, APPROVE, SEND = "comms.view_news", "comms.approve_news", "comms.send_crisis"


@permission_required(VIEW)
def template_list(request):
    context = {
        "templates": CrisisTemplate.objects.select_related("unit", "approved_by"),
        "can_approve": may(request.user, APPROVE),
        "can_send": may(request.user, SEND),
        "user_id": request.user.pk,
    }
    return render(request, "comms/template_list.html", context)


def _template_form(request, template: CrisisTemplate):
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            crisis.template_save(template=form.save(commit=False), by=request.user)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Saved. Another approver must approve the template before it can be sent.")
            )
            return redirect("comms:template_list")
    title = _("Change the crisis template") if template.pk else _("New crisis template")
    return render(
        request,
        "comms/template_form.html",
        {"form": form, "title": title},
        status=400 if form.errors else 200,
    )


@permission_required(APPROVE)
def template_create(request):
    return _template_form(request, CrisisTemplate(created_by=request.user))


@object_permission_required(APPROVE)
def template_edit(request, pk: int):
    return _template_form(request, get_for(request.user, APPROVE, CrisisTemplate.objects.all(), pk=pk))


@object_permission_required(APPROVE)
@require_POST
def template_approve(request, pk: int):
    template = get_for(request.user, APPROVE, CrisisTemplate.objects.all(), pk=pk)
    try:
        crisis.template_approve(template=template, approver=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Template approved: duty officers may send it."))
    return redirect("comms:template_list")


@object_permission_required(SEND)
@require_POST
def template_send(request, pk: int):
    template = get_for(request.user, SEND, CrisisTemplate.objects.all(), pk=pk)
    try:
        news = crisis.crisis_send(template=template, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("comms:template_list")
    messages.success(request, _("Sent to the website and every channel. An approver will confirm it."))
    return redirect("comms:news_detail", pk=news.pk)


@permission_required(APPROVE)
def taxonomy(request):
    form = TaxonomyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            crisis.taxonomy_add(
                by=request.user, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"]
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Added."))
            return redirect("comms:taxonomy")
    context = {"form": form, "categories": Category.objects.all(), "districts": District.objects.all()}
    return render(request, "comms/taxonomy.html", context, status=400 if form.errors else 200)
