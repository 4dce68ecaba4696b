"""Writes to the process map (ISO 9001 4.4), each a named audit event: a process described or
changed (by the quality manager or its owner), an interaction added or removed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import has_perm, require_may
from magistrat.quality.models import Process, ProcessLink

MANAGE = "quality.manage_quality"
RELATED = ("other_units", "services", "kpis", "documents")


def _names(values) -> list[str]:
    return sorted(str(value) for value in values)


@transaction.atomic
def process_save(*, by, process: Process | None = None, **values) -> Process:
    """Describe a process or change its description. Only the quality manager adds a process or
    hands it to another owner; an owner keeps the rest of theirs."""
    is_new = process is None
    if process is None:
        if not has_perm(by, MANAGE):
            raise PermissionDenied
        process = Process()
    else:
        require_may(by, MANAGE, process)
    previous_owner = process.owner_id
    related = {name: values.pop(name) for name in RELATED if name in values}
    for name, value in values.items():
        setattr(process, name, value.strip() if isinstance(value, str) else value)
    if not is_new and process.owner_id != previous_owner and not has_perm(by, MANAGE):
        raise ServiceError(_("Only the quality manager hands a process to another owner."), field="owner")
    clean_or_refuse(process)
    process.save()
    for name, objects in related.items():
        getattr(process, name).set(objects)
    log_action(
        process,
        "quality.process.described" if is_new else "quality.process.description_changed",
        user=by,
        data={
            "code": process.code,
            "name": process.name,
            "category": str(process.get_category_display()),
            "owner": process.owner.get_username(),
            "unit": process.unit.code,
        }
        | {name: _names(objects) for name, objects in related.items()},
    )
    return process


@transaction.atomic
def link_add(*, by, source: Process, target: Process, flow: str) -> ProcessLink:
    require_may(by, MANAGE, source)
    if ProcessLink.objects.filter(source=source, target=target).exists():
        raise ServiceError(_("This interaction is on the map already."), field="target")
    link = ProcessLink(source=source, target=target, flow=flow.strip())
    clean_or_refuse(link)
    link.save()
    log_action(
        source, "quality.process.link_added", user=by, data={"to_process": str(target), "flow": link.flow}
    )
    return link


@transaction.atomic
def link_remove(*, by, link: ProcessLink) -> None:
    require_may(by, MANAGE, link)
    source, target, flow = link.source, link.target, link.flow
    link.delete()
    log_action(
        source, "quality.process.link_removed", user=by, data={"to_process": str(target), "flow": flow}
    )
