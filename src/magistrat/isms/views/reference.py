"""Staff pages of the reference data: catalogues with their mappings, and risk matrices."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from magistrat.core.permissions import permission_required
from magistrat.isms.models import Catalogue, CatalogueEntry, RiskMatrix, level_of


@permission_required("isms.view_reference")
def reference_home(request):
    return render(
        request,
        "isms/reference_home.html",
        {"catalogues": Catalogue.objects.all(), "matrices": RiskMatrix.objects.all()},
    )


@permission_required("isms.view_reference")
def catalogue_detail(request, code: str, version: str):
    """Entries of one catalogue version, searchable, each with what it maps to and from."""
    catalogue = get_object_or_404(Catalogue, code=code, version=version)
    entries = catalogue.entries.prefetch_related("maps_to__catalogue", "mapped_from__catalogue")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        entries = entries.filter(
            Q(ref__icontains=query) | Q(title__pl__icontains=query) | Q(title__en__icontains=query)
        )
    kind = request.GET.get("kind", "")
    if kind in CatalogueEntry.Kind.values:
        entries = entries.filter(kind=kind)
    context = {
        "catalogue": catalogue,
        "entries": entries,
        "q": query,
        "kind": kind,
        "kinds": CatalogueEntry.Kind.choices,
    }
    template = "isms/catalogue_detail.html#entries" if request.htmx else "isms/catalogue_detail.html"
    return render(request, template, context)


@permission_required("isms.view_reference")
def matrix_detail(request, code: str, version: int):
    """The matrix as an accessible table: likelihood rows, impact columns, level in each cell."""
    matrix = get_object_or_404(RiskMatrix, code=code, version=version)
    rows, columns = matrix.size
    grid = [
        (label, [level_of(matrix.definition, likelihood, impact) for impact in range(1, columns + 1)])
        for likelihood, label in reversed(list(enumerate(matrix.definition["likelihood"], start=1)))
    ]
    levels = matrix.definition["levels"]
    acceptance = next(level for level in levels if level["id"] == matrix.definition["acceptance"])
    return render(
        request, "isms/matrix_detail.html", {"matrix": matrix, "grid": grid, "acceptance": acceptance}
    )
