"""The public service catalogue: /uslugi/ and /uslugi/<slug>/."""

from django.shortcuts import get_object_or_404, render

from magistrat.core.permissions import public
from magistrat.org.models import Unit
from magistrat.services import selectors
from magistrat.services.models import Service


@public
def catalogue(request):
    services = selectors.public_catalogue(
        query=request.GET.get("q", ""), unit_code=request.GET.get("unit", "")
    )
    units = Unit.objects.filter(services__is_published=True).distinct().order_by("code")
    return render(request, "services/catalogue.html", {"services": services, "units": units})


@public
def card(request, slug: str):
    service = get_object_or_404(Service.objects.select_related("unit"), slug=slug, is_published=True)
    version = service.current
    return render(request, "services/card.html", {"service": service, "card": version})
