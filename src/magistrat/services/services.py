"""Writes of the service catalogue: every edit adds an immutable version with its reason (the
differences between versions are read by `selectors.version_diff`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.org.models import Unit
from magistrat.services.models import Service, ServiceVersion

PERM = "services.manage_catalogue"


@transaction.atomic
def service_create(*, slug: str, unit: Unit, content: dict, user) -> Service:
    """A new service card of `unit`, by someone who manages that unit's cards."""
    require_may(user, PERM, unit)
    if Service.objects.filter(slug=slug).exists():
        raise ServiceError(
            _("The address %(slug)s is already used by another service.") % {"slug": slug}, field="slug"
        )
    service = Service.objects.create(slug=slug, unit=unit)
    _add_version(service, content | {"change_note": content.get("change_note") or _("First version.")}, user)
    return service


@transaction.atomic
def service_update(
    *, service: Service, unit: Unit, is_published: bool, content: dict, user
) -> ServiceVersion | None:
    """Save a new version when the content changed (a reason is required); None when nothing changed.

    A unit head edits the cards of their units' services and may hand a card to another of their
    units, not to a unit outside them (the rule `services.manage_catalogue` asks of both)."""
    require_may(user, PERM, service)
    require_may(user, PERM, unit)
    moved_from = service.unit.code if service.unit_id != unit.pk else None
    published_before = service.is_published
    service.unit, service.is_published = unit, is_published
    service.save()
    if moved_from is not None:
        log_action(
            service, "services.service.moved", user=user, data={"from_unit": moved_from, "to_unit": unit.code}
        )
    if is_published != published_before:
        log_action(
            service,
            "services.service.published" if is_published else "services.service.withdrawn",
            user=user,
            data={"slug": service.slug},
        )
    current = service.current
    if current is not None and all(
        getattr(current, f) == content.get(f) for f in ServiceVersion.CONTENT_FIELDS
    ):
        return None
    if not (content.get("change_note") or "").strip():
        raise ServiceError(_("Say what changed and why."), field="change_note")
    return _add_version(service, content, user)


def _add_version(service: Service, content: dict, user) -> ServiceVersion:
    latest = service.versions.order_by("-number").first()
    version = ServiceVersion(
        service=service,
        number=(latest.number + 1) if latest else 1,
        created_by=user,
        **{f: content.get(f, "") for f in (*ServiceVersion.CONTENT_FIELDS, "change_note")},
    )
    version.channels = list(content.get("channels") or [])
    version.full_clean(exclude=["service", "created_by"])
    version.save()
    log_action(
        service,
        "services.service.versioned",
        user=user,
        data={"version": version.number, "note": version.change_note},
    )
    return version
