"""The asset inventory: list, record, dependencies, owner review, import with a dry run, export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exports import tabular_response
from magistrat.core.importing import import_from_request
from magistrat.core.permissions import has_perm, object_permission_required, permission_required, require_may
from magistrat.isms import importing, selectors
from magistrat.isms.forms import AssetForm, AssetReviewForm, ImportForm
from magistrat.isms.models import Asset
from magistrat.isms.services import assets as services
from magistrat.isms.views.common import edit_page, run_service


def _filters(request) -> dict:
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Asset.Kind.values else "",
        "classification": request.GET.get("classification", "")
        if request.GET.get("classification") in Asset.Classification.values
        else "",
        "review": request.GET.get("review", "") if request.GET.get("review") in ("due", "retired") else "",
    }


@permission_required("isms.view_isms")
def asset_list(request):
    filters = _filters(request)
    page = Paginator(selectors.asset_list(user=request.user, **filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": Asset.Kind.choices,
        "classifications": Asset.Classification.choices,
    }
    template = "isms/asset_list.html#results" if request.htmx else "isms/asset_list.html"
    return render(request, template, context)


@permission_required("isms.export_isms")
def asset_export(request):
    filters = _filters(request)
    assets = selectors.asset_list(user=request.user, **filters).select_related("owner", "unit")
    assets = assets.prefetch_related("depends_on")
    headers = importing.asset_headings()  # translated; the import reads them back
    rows = (
        [
            a.code,
            a.name,
            a.get_kind_display(),
            importing.owner_cell(a.owner),
            a.unit.code if a.unit else "",
            a.location,
            a.get_classification_display(),
            a.confidentiality,
            a.integrity,
            a.availability,
            a.authenticity or "",
            "; ".join(d.code for d in a.depends_on.all()),
            a.review_due,
            a.description,
        ]
        for a in assets.iterator(chunk_size=1000)
    )
    return tabular_response(
        name="assets",
        headers=headers,
        rows=rows,
        request=request,
        action="isms.asset.exported",
        filters=filters,
    )


@object_permission_required("isms.view_isms")
def asset_detail(request, pk: int):
    asset = selectors.get_visible(Asset.objects.select_related("owner", "unit"), request.user, pk)
    context = {
        "asset": asset,
        "depends_on": asset.depends_on.order_by("code"),
        "supports": asset.supports.order_by("code"),
        "risks": asset.risks.select_related("assessment").order_by("-residual_rank", "code")[:100],
        "incidents": asset.incidents.order_by("-detected_at")[:20],
        "can_manage": has_perm(request.user, "isms.manage_isms"),
        "review_form": AssetReviewForm(),
    }
    return render(request, "isms/asset_detail.html", context)


@permission_required("isms.manage_isms")
def asset_edit(request, pk: int | None = None):
    asset = get_object_or_404(Asset, pk=pk) if pk else Asset()
    form = AssetForm(request.POST or None, instance=asset)
    return edit_page(
        request,
        form,
        save=lambda: services.asset_save(
            asset=form.save(commit=False), depends_on=form.cleaned_data["depends_on"]
        ),
        success=_("Asset saved."),
        detail="isms:asset_detail",
        title=_("Change the asset") if pk else _("New asset"),
        back=reverse("isms:asset_detail", args=[pk]) if pk else reverse("isms:asset_list"),
    )


@require_POST
@object_permission_required("isms.manage_isms")
def asset_review(request, pk: int):
    """The owner (or the security officer) confirms the record and sets the next review."""
    asset = selectors.get_visible(Asset.objects.all(), request.user, pk)
    require_may(request.user, "isms.manage_isms", asset)  # the owner or the security officer
    form = AssetReviewForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.asset_review(
            asset=asset, next_review=form.cleaned_data["next_review"], user=request.user
        ),
        _("Review recorded."),
    ):
        return redirect("isms:asset_detail", pk=asset.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("isms:asset_detail", pk=asset.pk)


@permission_required("isms.manage_isms")
def asset_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = import_from_request(
        request, form, lambda data, name, apply: importing.asset_import(data, name, apply=apply)
    )
    return render(
        request,
        "isms/asset_import.html",
        {
            "form": form,
            "report": report,
            "columns": list(zip(importing.asset_headings(), importing.ASSET_COLUMNS, strict=True)),
        },
    )
