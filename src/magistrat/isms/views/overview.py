"""The ISMS overview for the security officer and leadership, and each owner's own page."""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from magistrat.core.permissions import permission_required, signed_in
from magistrat.isms import selectors
from magistrat.isms.clocks import incident_clocks
from magistrat.isms.models import Asset, Incident, RiskMatrix, RiskScenario, SoaVersion
from magistrat.isms.models.risks import unsigned_risks


@permission_required("isms.view_isms")
def overview(request):
    matrix = RiskMatrix.objects.filter(is_default=True).first()
    open_incidents = list(
        Incident.objects.open()
        .select_related("handler")
        .prefetch_related("reports")
        .order_by("-aware_at")[:20]
    )
    risks = RiskScenario.objects.all()
    overdue = selectors.overdue_tasks(user=request.user)
    context = {
        "asset_count": Asset.objects.active().count(),
        "assets_due": Asset.objects.active().filter(review_due__lte=timezone.localdate()).count(),
        "risk_count": risks.count(),
        "unacceptable": risks.filter(residual_acceptable=False).count(),
        "unsigned": unsigned_risks(risks).count(),
        "by_treatment": risks.values("treatment").annotate(n=Count("pk")).order_by("treatment"),
        "maps": selectors.heat_maps(user=request.user, matrix=matrix) if matrix else [],
        "matrix": matrix,
        "incidents": [(incident, incident_clocks(incident)) for incident in open_incidents],
        "overdue_tasks": overdue[:20],
        "overdue_count": overdue.count(),
        "soa": SoaVersion.objects.filter(state=SoaVersion.State.APPROVED).first(),
        "soa_draft": SoaVersion.objects.exclude(state__in=["approved", "superseded"]).first(),
    }
    return render(request, "isms/overview.html", context)


@signed_in
def mine(request):
    """What the signed-in person owns in the ISMS: assets to review, risks to sign off, tasks, controls."""
    items = selectors.owned_by(request.user)
    today = timezone.localdate()
    risks = [(risk, risk.valid_sign_off(today)) for risk in items["risks"][:200]]
    return render(request, "isms/mine.html", items | {"risks": risks, "today": today})
