"""The audit programme per year (with its coverage and overdue flags) and the auditor register."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.audits import selectors
from magistrat.audits.forms import AuditorForm, EntryForm, ProgrammeForm, QualificationForm
from magistrat.audits.models import Audit, Auditor, AuditProgramme, ProgrammeEntry
from magistrat.audits.services import programme as services
from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.permissions import may, permission_required

VIEW = "audits.view_audits"
MANAGE = "audits.manage_audits"


@permission_required(VIEW)
def programme_list(request):
    programmes = AuditProgramme.objects.order_by("-year")
    form = ProgrammeForm(initial={"year": timezone.localdate().year})
    context = {"programmes": programmes, "form": form, "can_manage": may(request.user, MANAGE)}
    return render(request, "audits/programme_list.html", context)


@permission_required(MANAGE)
def programme_create(request):
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and (
        programme := run_service(
            request,
            form,
            lambda: services.programme_create(
                by=request.user, year=form.cleaned_data["year"], objectives=form.cleaned_data["objectives"]
            ),
            _("Audit programme drafted."),
        )
    ):
        return redirect("audits:programme", year=programme.year)
    context = {"form": form, "title": _("New audit programme"), "submit": _("Save"), "back": "/audits/"}
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@permission_required(VIEW)
def programme(request, year: int):
    programme = get_object_or_404(AuditProgramme, year=year)
    today = timezone.localdate()
    statuses = selectors.programme_status(programme, today=today)
    covered, due = selectors.coverage(statuses)
    audits = selectors.audits_visible(user=request.user).filter(programme=programme).prefetch_related("units")
    context = {
        "programme": programme,
        "statuses": statuses,
        "covered": covered,
        "due": due,
        "audits": audits.select_related("lead"),
        "can_manage": may(request.user, MANAGE),
        "entry_form": EntryForm(),
    }
    return render(request, "audits/programme.html", context)


@require_POST
@permission_required(MANAGE)
def entry_add(request, year: int):
    programme = get_object_or_404(AuditProgramme, year=year)
    form = EntryForm(request.POST)
    run_service(
        request,
        form,
        lambda: services.entry_add(
            programme=programme,
            by=request.user,
            unit=form.cleaned_data["unit"],
            risk=form.cleaned_data["risk"],
            process=form.cleaned_data["process"],
            rationale=form.cleaned_data["rationale"],
        ),
        _("Unit added to the programme."),
    )
    if form.errors:
        return render(
            request,
            "audits/form_page.html",
            {
                "form": form,
                "title": _("Add a unit to the programme"),
                "submit": _("Add"),
                "back": programme.get_absolute_url(),
            },
            status=400,
        )
    return redirect("audits:programme", year=year)


@require_POST
@permission_required(MANAGE)
def entry_remove(request, year: int, pk: int):
    entry = get_object_or_404(ProgrammeEntry, programme__year=year, pk=pk)
    services.entry_remove(entry=entry, by=request.user)
    return redirect("audits:programme", year=year)


@require_POST
@permission_required(MANAGE)
def programme_approve(request, year: int):
    programme = get_object_or_404(AuditProgramme, year=year)
    try:
        services.programme_approve(programme=programme, by=request.user)
    except ServiceError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("audits:programme", year=year)


@permission_required(VIEW)
def auditor_list(request):
    auditors = Auditor.objects.select_related("user").prefetch_related("qualifications", "responsible_units")
    return render(
        request, "audits/auditor_list.html", {"auditors": auditors, "can_manage": may(request.user, MANAGE)}
    )


@permission_required(MANAGE)
def auditor_create(request):
    form = AuditorForm(request.POST or None)
    if request.method == "POST" and (
        auditor := run_service(
            request,
            form,
            lambda: services.auditor_register(
                by=request.user,
                user=form.cleaned_data["user"],
                responsible_units=form.cleaned_data["responsible_units"],
                responsible_processes=form.cleaned_data["responsible_processes"],
            ),
            _("Auditor registered."),
        )
    ):
        return redirect("audits:auditor_detail", pk=auditor.pk)
    context = {
        "form": form,
        "title": _("Register an auditor"),
        "submit": _("Register"),
        "back": "/audits/auditors/",
    }
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@permission_required(VIEW)
def auditor_detail(request, pk: int):
    auditor = get_object_or_404(Auditor.objects.select_related("user"), pk=pk)
    can_manage = may(request.user, MANAGE)
    form = QualificationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if run_service(
            request,
            form,
            lambda: services.qualification_add(auditor=auditor, by=request.user, **form.cleaned_data),
            _("Qualification added."),
        ):
            return redirect("audits:auditor_detail", pk=pk)
    audits = Audit.objects.filter(lead=auditor.user) | Audit.objects.filter(team=auditor.user)
    context = {
        "auditor": auditor,
        "form": form,
        "can_manage": can_manage,
        "audits": audits.distinct().order_by("-planned_start")[:50],
    }
    return render(request, "audits/auditor_detail.html", context, status=400 if form.errors else 200)
