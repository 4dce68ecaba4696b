from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from magistrat.api.schemas import Text, with_errors
from magistrat.services import selectors
from magistrat.services.models import Service, ServiceVersion

router = Router(tags=["public"], auth=None)


class ServiceCardOut(Schema):
    slug: str
    name: str
    unit: str
    description: str
    legal_basis: str
    required_documents: str
    fees: str
    handling_time: str
    statutory_period: str
    channels: list[str]
    location: str
    opening_hours: str
    version: int
    updated_at: datetime


def _card(service: Service) -> ServiceCardOut:
    card = service.current
    if card is None:
        raise Http404
    return ServiceCardOut(
        slug=service.slug,
        unit=service.unit.code,
        version=card.number,
        updated_at=card.created_at,
        **{field: getattr(card, field) for field in ServiceVersion.CONTENT_FIELDS},
    )


@router.get(
    "/services",
    response=with_errors({200: list[ServiceCardOut]}, 422),
    summary="The office's service catalogue",
)
def service_list(request, q: Text = "", unit: Text = ""):
    return [_card(service) for service in selectors.public_catalogue(query=q, unit_code=unit)]


@router.get(
    "/services/{slug}",
    response=with_errors({200: ServiceCardOut}, 404, 422),
    summary="One service card (current version)",
)
def service_detail(request, slug: Text):
    service = get_object_or_404(Service.objects.select_related("unit"), slug=slug, is_published=True)
    if service.current is None:
        raise Http404
    return _card(service)
