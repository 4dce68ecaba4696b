"""An audit's pages: plan, detail (team, checklist with htmx rows, findings), team changes, the
steps of its workflow, findings, the acknowledgement by the audited units and the report PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.audits import selectors
from magistrat.audits.forms import (
    AcknowledgeForm,
    AuditForm,
    ChecklistForm,
    FindingForm,
    ReportForm,
    TeamForm,
)
from magistrat.audits.independence import headed_subtree
from magistrat.audits.models import Audit, AuditProgramme, ChecklistItem, Finding
from magistrat.audits.services import audits as services
from magistrat.core.exceptions import ServiceError, run_service
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import may, object_permission_required, permission_required

VIEW = "audits.view_audits"
MANAGE = "audits.manage_audits"
CONDUCT = "audits.conduct_audits"


def _conducts(user, audit) -> bool:
    return may(user, CONDUCT, audit) or may(user, MANAGE, audit)


def _conducted(request, pk: int) -> Audit:
    """The audit, for one of its auditors (or the quality manager): 404 for anyone else."""
    audit = get_object_or_404(Audit.objects.select_related("programme", "lead"), pk=pk)
    if not _conducts(request.user, audit):
        raise Http404
    return audit


@permission_required(MANAGE)
def audit_plan(request, year: int):
    programme = get_object_or_404(AuditProgramme, year=year)
    form = AuditForm(request.POST or None)
    if request.method == "POST" and (
        audit := run_service(
            request,
            form,
            lambda: services.audit_plan(by=request.user, programme=programme, **form.cleaned_data),
            _("Audit planned."),
        )
    ):
        return redirect("audits:audit_detail", pk=audit.pk)
    context = {
        "form": form,
        "title": _("Plan an audit"),
        "submit": _("Plan"),
        "back": programme.get_absolute_url(),
    }
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def audit_detail(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk)
    conducts = _conducts(request.user, audit)
    headed = headed_subtree(request.user)
    waiting = [u for u in services.unacknowledged_units(audit) if u.pk in headed]
    context = {
        "audit": audit,
        "State": Audit.State,
        "units": audit.units.order_by("code"),
        "team": audit.team.order_by("last_name", "first_name"),
        "checklist": audit.checklist.select_related("clause__catalogue"),
        "findings": audit.findings.select_related("clause__catalogue", "unit"),
        "acknowledgements": audit.acknowledgements.select_related("unit", "acknowledged_by"),
        "can_conduct": conducts,
        "can_edit": conducts and audit.state == Audit.State.IN_PROGRESS,
        "can_manage": may(request.user, MANAGE, audit),
        "Result": ChecklistItem.Result,
        "ack_form": AcknowledgeForm(units=waiting)
        if waiting and audit.state == Audit.State.REPORTED
        else None,
    }
    return render(request, "audits/audit_detail.html", context)


@object_permission_required(MANAGE)
def audit_team(request, pk: int):
    audit = get_object_or_404(Audit, pk=pk)
    if not may(request.user, MANAGE, audit):
        raise PermissionDenied
    initial = {"lead": audit.lead_id, "team": list(audit.team.values_list("pk", flat=True))}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.audit_set_team(audit=audit, by=request.user, **form.cleaned_data),
        _("Audit team changed."),
    ):
        return redirect("audits:audit_detail", pk=pk)
    context = {"form": form, "title": _("Audit team"), "submit": _("Save"), "back": audit.get_absolute_url()}
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


def _step(request, audit, action, success: str):
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("audits:audit_detail", pk=audit.pk)


@require_POST
@object_permission_required(CONDUCT)
def audit_start(request, pk: int):
    audit = _conducted(request, pk)
    return _step(
        request, audit, lambda: services.audit_start(audit=audit, by=request.user), _("Audit started.")
    )


@require_POST
@object_permission_required(MANAGE)
def audit_close(request, pk: int):
    audit = get_object_or_404(Audit, pk=pk)
    if not may(request.user, MANAGE, audit):
        raise PermissionDenied
    return _step(
        request, audit, lambda: services.audit_close(audit=audit, by=request.user), _("Audit closed.")
    )


@require_POST
@object_permission_required(CONDUCT)
def checklist_answer(request, pk: int):
    """One checklist row: an htmx request gets the row back, a plain form post the audit page."""
    item = get_object_or_404(ChecklistItem.objects.select_related("audit", "clause__catalogue"), pk=pk)
    if not _conducts(request.user, item.audit):
        raise Http404
    form = ChecklistForm(request.POST)
    saved = run_service(
        request,
        form,
        lambda: services.checklist_answer(item=item, by=request.user, **form.cleaned_data),
    )
    if request.htmx:
        context = {
            "item": item,
            "form": form,
            "can_edit": True,
            "audit": item.audit,
            "Result": ChecklistItem.Result,
        }
        return render(
            request, "audits/audit_detail.html#checklist_row", context, status=200 if saved else 400
        )
    if saved:
        messages.success(request, _("Answer saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(item.audit.get_absolute_url() + f"#item-{item.pk}")


@object_permission_required(CONDUCT)
def finding_add(request, pk: int):
    audit = _conducted(request, pk)
    form = FindingForm(request.POST or None, audit=audit)
    if request.method == "POST" and (
        finding := run_service(
            request,
            form,
            lambda: services.finding_record(audit=audit, by=request.user, **form.cleaned_data),
            _("Finding recorded."),
        )
    ):
        return redirect("audits:finding_detail", pk=finding.pk)
    context = {
        "form": form,
        "title": _("Record a finding"),
        "submit": _("Record"),
        "back": audit.get_absolute_url(),
    }
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def finding_detail(request, pk: int):
    finding = selectors.finding_get(user=request.user, pk=pk)
    context = {
        "finding": finding,
        "can_edit": _conducts(request.user, finding.audit) and finding.audit.state == Audit.State.IN_PROGRESS,
    }
    return render(request, "audits/finding_detail.html", context)


@object_permission_required(CONDUCT)
def finding_edit(request, pk: int):
    finding = get_object_or_404(Finding.objects.select_related("audit"), pk=pk)
    if not _conducts(request.user, finding.audit):
        raise Http404
    initial = {
        "kind": finding.kind,
        "unit": finding.unit_id,
        "clause": finding.clause_id,
        "description": finding.description,
        "evidence": finding.evidence,
    }
    form = FindingForm(request.POST or None, audit=finding.audit, initial=initial)
    form.fields["unit"].disabled = True
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.finding_update(
            finding=finding,
            by=request.user,
            kind=form.cleaned_data["kind"],
            clause=form.cleaned_data["clause"],
            description=form.cleaned_data["description"],
            evidence=form.cleaned_data["evidence"],
        ),
        _("Finding corrected."),
    ):
        return redirect("audits:finding_detail", pk=pk)
    context = {
        "form": form,
        "title": _("Correct the finding"),
        "submit": _("Save"),
        "back": finding.get_absolute_url(),
    }
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@object_permission_required(CONDUCT)
def audit_report(request, pk: int):
    audit = _conducted(request, pk)
    form = ReportForm(request.POST or None, initial={"summary": audit.summary})
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.audit_report(audit=audit, by=request.user, summary=form.cleaned_data["summary"]),
        _("Audit reported: the audited units are asked to acknowledge the findings."),
    ):
        return redirect("audits:audit_detail", pk=pk)
    context = {
        "form": form,
        "title": _("Report the audit"),
        "submit": _("Report"),
        "back": audit.get_absolute_url(),
    }
    return render(request, "audits/form_page.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def audit_acknowledge(request, pk: int):
    """The head of an audited unit acknowledges its findings; others see what waits for whom."""
    audit = selectors.audit_get(user=request.user, pk=pk)
    headed = headed_subtree(request.user)
    waiting = [u for u in services.unacknowledged_units(audit) if u.pk in headed]
    form = AcknowledgeForm(request.POST or None, units=waiting)
    if request.method == "POST":
        if not waiting:
            raise PermissionDenied
        if run_service(
            request,
            form,
            lambda: services.findings_acknowledge(
                audit=audit,
                unit=form.cleaned_data["unit"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            ),
            _("Findings acknowledged."),
        ):
            return redirect("audits:audit_detail", pk=pk)
    context = {
        "audit": audit,
        "form": form,
        "waiting": waiting,
        "findings": audit.findings.filter(unit__in=waiting).select_related("clause__catalogue", "unit"),
    }
    return render(request, "audits/acknowledge.html", context, status=400 if form.errors else 200)


@object_permission_required(VIEW)
def audit_pdf(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk)
    if audit.state not in (Audit.State.REPORTED, Audit.State.CLOSED):
        raise Http404
    context = {
        "audit": audit,
        "units": audit.units.order_by("code"),
        "team": audit.team.order_by("last_name", "first_name"),
        "criteria": audit.criteria.select_related("catalogue").order_by("catalogue__code", "position"),
        "checklist": audit.checklist.select_related("clause__catalogue"),
        "findings": audit.findings.select_related("clause__catalogue", "unit"),
        "acknowledgements": audit.acknowledgements.select_related("unit", "acknowledged_by"),
    }
    return pdf_response(
        request,
        template="audits/report_pdf.html",
        context=context,
        filename=f"audit-{audit.programme.year}-{audit.pk}",
        action="audits.report.downloaded",
        data={"audit": audit.title},
    )
