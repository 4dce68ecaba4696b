"""Writes of the service catalogue: every edit adds an immutable version with its reason."""

import difflib

from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.org.models import Unit
from magistrat.services.models import Service, ServiceVersion


@transaction.atomic
def service_create(*, slug: str, unit: Unit, content: dict, user) -> Service:
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
    """Save a new version when the content changed (a reason is required); None when nothing changed."""
    service.unit, service.is_published = unit, is_published
    service.save()
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
        service, "services.service.versioned", data={"version": version.number, "note": version.change_note}
    )
    return version


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
