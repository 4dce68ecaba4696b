"""Reads of the service catalogue: the public catalogue, and for staff the cards of their units."""

import difflib

from django.db.models import Prefetch, QuerySet

from magistrat.core.permissions import get_for, unit_scope
from magistrat.org.models import Unit
from magistrat.services.models import Service, ServiceVersion

PERM = "services.manage_catalogue"


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
    """The cards of the services of the user's units (every card for an office-wide grant)."""
    scope = unit_scope(user, PERM)
    services = Service.objects.all() if scope is None else Service.objects.filter(unit_id__in=list(scope))
    return _with_versions(services).order_by("slug")


def managed_service_get(*, user, slug: str) -> Service:
    """One card the user may edit; 404 for another unit's card, so its existence does not leak."""
    return get_for(user, PERM, _with_versions(Service.objects.all()), slug=slug)


def managed_units(*, user) -> QuerySet[Unit]:
    """The active units the user may file a card under (a card's responsible unit)."""
    scope = unit_scope(user, PERM)
    units = Unit.objects.active()
    return units if scope is None else units.filter(pk__in=scope)


def service_history(service: Service) -> list[dict]:
    """The card's versions, newest first, each with what changed from the one before."""
    versions = list(service.versions.order_by("number").select_related("created_by"))
    history = [
        {"version": v, "changes": version_diff(versions[i - 1], v) if i else []}
        for i, v in enumerate(versions)
    ]
    return history[::-1]


def version_diff(old: ServiceVersion, new: ServiceVersion) -> list[dict]:
    """Readable line-by-line changes per field between two versions."""
    changes = []
    for field in ServiceVersion.CONTENT_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        if isinstance(before, list):
            before, after = ", ".join(old.channel_labels()), ", ".join(new.channel_labels())
        lines = list(difflib.ndiff(str(before).splitlines(), str(after).splitlines()))
        changes.append(
            {
                "field": getattr(ServiceVersion._meta.get_field(field), "verbose_name", field),
                "removed": [line[2:] for line in lines if line.startswith("- ")],
                "added": [line[2:] for line in lines if line.startswith("+ ")],
            }
        )
    return changes
