"""The incident register: record, timeline and actions, legal clocks, report drafts, breach register."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError
from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import has_perm, object_permission_required, permission_required, require_may
from magistrat.isms import selectors
from magistrat.isms.clocks import incident_clocks, required_reports
from magistrat.isms.forms import IncidentCloseForm, IncidentEntryForm, IncidentForm, IncidentReportForm
from magistrat.isms.models import Incident, IncidentEntry, IncidentReport
from magistrat.isms.reports import report_draft
from magistrat.isms.services import incidents as services
from magistrat.isms.views.common import edit_page, run_service


@permission_required("isms.view_isms")
def incident_list(request):
    state = (
        request.GET.get("state", "open") if request.GET.get("state") in ("open", "closed", "all") else "open"
    )
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.incident_list(user=request.user, query=query, state=state), 30).get_page(
        request.GET.get("page")
    )
    rows = [(incident, incident_clocks(incident)) for incident in page.object_list]
    context = {"page": page, "rows": rows, "state": state, "q": query}
    template = "isms/incident_list.html#results" if request.htmx else "isms/incident_list.html"
    return render(request, template, context)


@permission_required("isms.manage_isms")
def incident_edit(request, pk: int | None = None):
    incident = get_object_or_404(Incident, pk=pk) if pk else Incident(handler=request.user)
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {} if pk else {"detected_at": now, "aware_at": now}
    form = IncidentForm(request.POST or None, instance=incident, initial=initial)
    return edit_page(
        request,
        form,
        save=lambda: services.incident_save(
            incident=form.save(commit=False),
            assets=form.cleaned_data["assets"],
            risks=form.cleaned_data["risks"],
            controls=form.cleaned_data["controls"],
        ),
        success=_("Incident saved."),
        detail="isms:incident_detail",
        title=_("Change the incident") if pk else _("Register an incident"),
        back=reverse("isms:incident_detail", args=[pk]) if pk else reverse("isms:incident_list"),
        intro=_("The legal clocks run from the moment of becoming aware."),
    )


def _incident_for(request, pk: int) -> Incident:
    queryset = Incident.objects.select_related("handler").prefetch_related("reports__submitted_by")
    return selectors.get_visible(queryset, request.user, pk, owner="handler")


def _detail_context(request, incident: Incident, **forms) -> dict:
    required = required_reports(incident)
    report_form = IncidentReportForm()
    report_form.fields["kind"].choices = [  # type: ignore[attr-defined]
        (kind, label) for kind, label in IncidentReport.Kind.choices if kind in required
    ]
    context = {
        "incident": incident,
        "clocks": incident_clocks(incident),
        "entries": incident.entries.select_related("owner", "recorded_by"),
        "assets": incident.assets.order_by("code"),
        "risks": incident.risks.order_by("code"),
        "controls": incident.controls.select_related("reference"),
        "can_manage": has_perm(request.user, "isms.manage_isms"),
        "entry_form": IncidentEntryForm(),
        "report_form": report_form,
        "close_form": IncidentCloseForm(),
        "now": timezone.now(),
    }
    context.update(forms)
    return context


@object_permission_required("isms.view_isms")
def incident_detail(request, pk: int):
    incident = _incident_for(request, pk)
    return render(request, "isms/incident_detail.html", _detail_context(request, incident))


@require_POST
@permission_required("isms.manage_isms")
def incident_action(request, pk: int, action: str):
    """Add to the timeline, record a report sent, close: one form each on the incident's page."""
    incident = _incident_for(request, pk)
    forms = {"entry": IncidentEntryForm, "report": IncidentReportForm, "close": IncidentCloseForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    calls = {
        "entry": lambda: services.incident_entry_add(incident=incident, by=request.user, **form.cleaned_data),
        "report": lambda: services.incident_report_record(
            incident=incident, by=request.user, **form.cleaned_data
        ),
        "close": lambda: services.incident_close(incident=incident, **form.cleaned_data),
    }
    if run_service(request, form, calls[action], _("Saved.")):
        return redirect("isms:incident_detail", pk=incident.pk)
    context = _detail_context(request, incident, **{f"{action}_form": form})
    return render(request, "isms/incident_detail.html", context, status=400)


@require_POST
@object_permission_required("isms.manage_isms")
def incident_action_done(request, pk: int):
    entry = get_object_or_404(IncidentEntry.objects.select_related("incident"), pk=pk)
    require_may(request.user, "isms.manage_isms", entry)  # the action's owner or the security officer
    try:
        services.incident_action_done(entry=entry, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Action done."))
    return redirect("isms:incident_detail", pk=entry.incident_id)


@object_permission_required("isms.view_isms")
def incident_report_draft(request, pk: int, kind: str):
    incident = _incident_for(request, pk)
    if kind not in required_reports(incident):
        raise Http404
    authority, fields = report_draft(incident, kind)
    context = {
        "incident": incident,
        "kind": IncidentReport.Kind(kind),
        "authority": authority,
        "fields": fields,
    }
    if request.GET.get("format") == "pdf":
        return pdf_response(
            request,
            template="isms/report_draft_pdf.html",
            context=context,
            filename=f"{incident.number}-{kind}",
            action="isms.incident.report_draft_exported",
            data={"incident": incident.number, "kind": kind},
        )
    return render(request, "isms/report_draft.html", context)


BREACH_HEADERS = [
    _lazy("number"),
    _lazy("detected"),
    _lazy("became aware"),
    _lazy("description"),
    _lazy("categories of personal data"),
    _lazy("approximate number of persons"),
    _lazy("likely consequences"),
    _lazy("measures taken or proposed"),
    _lazy("risk to persons"),
    _lazy("UODO notified"),
    _lazy("why UODO was not notified"),
    _lazy("persons informed (art. 34)"),
]


def _breach_row(incident: Incident) -> list:
    report = next(
        (r for r in incident.reports.all() if r.kind == IncidentReport.Kind.GDPR_NOTIFICATION), None
    )
    return [
        incident.number,
        incident.detected_at,
        incident.aware_at,
        incident.description,
        incident.breach_data_categories,
        incident.breach_subjects,
        incident.consequences,
        incident.measures,
        incident.get_breach_risk_display(),
        report.submitted_at if report else "",
        incident.not_notified_reason,
        incident.persons_informed_at,
    ]


@permission_required("isms.view_gdpr")
def breach_register(request):
    """Art. 33 ust. 5: every personal data breach, its facts, effects and remedies, notified or not."""
    breaches = Incident.objects.breaches().prefetch_related("reports").order_by("-detected_at")
    if request.GET.get("format") in ("csv", "xlsx"):
        return tabular_response(
            name="breach-register",
            headers=BREACH_HEADERS,
            rows=(_breach_row(i) for i in breaches.iterator(chunk_size=500)),
            request=request,
            action="isms.breach_register.exported",
        )
    page = Paginator(breaches, 30).get_page(request.GET.get("page"))
    rows = [(incident, _breach_row(incident)) for incident in page.object_list]
    return render(request, "isms/breach_register.html", {"page": page, "rows": rows})
