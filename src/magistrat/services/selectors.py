from django.db.models import Prefetch, QuerySet

from magistrat.core.permissions import unit_scope
from magistrat.services.models import Service, ServiceVersion


def _with_versions(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("unit").prefetch_related(
        Prefetch("versions", queryset=ServiceVersion.objects.order_by("-number"))
    )


def public_catalogue(*, query: str = "", unit_code: str = "") -> list[Service]:
    """Published services whose current card matches the words, sorted by name."""
    services = _with_versions(Service.objects.filter(is_published=True))
    if unit_code:
        services = services.filter(unit__code=unit_code)
    words = [w.casefold() for w in query.split()]
    found = []
    for service in services:
        card = service.current
        if card is None:
            continue
        text = f"{card.name} {card.description} {card.required_documents}".casefold()
        if all(word in text for word in words):
            found.append(service)
    return sorted(found, key=lambda s: s.current.name.casefold() if s.current else "")


def managed_services(*, user) -> QuerySet[Service]:
    scope = unit_scope(user, "services.manage_catalogue")
    services = Service.objects.all() if scope is None else Service.objects.filter(unit_id__in=list(scope))
    return _with_versions(services).order_by("slug")
