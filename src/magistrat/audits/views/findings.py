"""Lists across audits: findings (with CSV/XLSX export), the audits an auditor conducts, the
findings waiting for a unit head's acknowledgement."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.audits import selectors
from magistrat.audits.models import Finding
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import permission_required

VIEW = "audits.view_audits"
CONDUCT = "audits.conduct_audits"


def _findings(request):
    findings = selectors.findings_visible(user=request.user).order_by(
        "-audit__planned_start", "audit", "number"
    )
    kind = request.GET.get("kind", "")
    if kind in Finding.Kind.values:
        findings = findings.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        findings = findings.filter(audit__programme__year=int(year))
    return findings, {
        "kind": kind if kind in Finding.Kind.values else "",
        "year": year if year.isdigit() else "",
    }


@permission_required(VIEW)
def finding_list(request):
    findings, filters = _findings(request)
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "kinds": Finding.Kind.choices}
    return render(request, "audits/finding_list.html", context)


@permission_required(VIEW)
def finding_export(request):
    findings, filters = _findings(request)
    headers = [
        _("Audit"),
        _("Year"),
        _("Number"),
        _("Type"),
        _("Catalogue"),
        _("Clause"),
        _("Unit"),
        _("Description"),
        _("Evidence"),
        _("Recorded by"),
        _("Audit state"),
    ]
    rows = (
        [
            f.audit.title,
            f.audit.programme.year,
            f.number,
            f.get_kind_display(),
            f.clause.catalogue.name if f.clause else "",
            f.clause.label if f.clause else "",
            f.unit.code,
            f.description,
            f.evidence,
            f.recorded_by.get_full_name() or f.recorded_by.username,
            f.audit.get_state_display(),
        ]
        for f in findings.select_related("audit__programme", "recorded_by")
    )
    return tabular_response(
        name="audit-findings",
        headers=headers,
        rows=rows,
        request=request,
        action="audits.findings.exported",
        filters=filters,
    )


@permission_required(CONDUCT)
def my_audits(request):
    audits = selectors.my_audits(user=request.user).prefetch_related("units")
    return render(request, "audits/my_audits.html", {"audits": audits, "today": timezone.localdate()})


@permission_required(VIEW)
def to_acknowledge(request):
    return render(
        request, "audits/to_acknowledge.html", {"pairs": selectors.to_acknowledge(user=request.user)}
    )
