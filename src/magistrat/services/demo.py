"""The demo office's service cards (services/data/demo_services.yaml), each with two versions."""

from datetime import timedelta

from magistrat.core.audit import build_entry, log_many
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.services.models import Service, ServiceVersion


def seed(context: DemoContext) -> None:
    units = context.shared["units"]
    services, versions = [], []
    for spec in load_yaml("services", "demo_services.yaml")["services"]:
        service = Service(slug=spec["slug"], unit=units[spec["unit"]])
        services.append(service)
        content = {f: spec[f] for f in ServiceVersion.CONTENT_FIELDS}
        first = dict(content, opening_hours="pon.–pt. 7:30–15:30")
        versions.append((service, 1, first, "Pierwsza wersja karty."))
        versions.append((service, 2, content, "Nowe godziny pracy urzędu od 1 stycznia."))
    Service.objects.bulk_create(services)
    log_many(services, "services.service.created", at=context.went_live)
    heads = context.shared["heads"]
    # Each card is written by the head of its unit: the version and its audit entry name the same person.
    rows = [
        ServiceVersion(
            service=service,
            number=number,
            change_note=note,
            created_by=heads[service.unit.code].user if service.unit.code in heads else None,
            **content,
        )
        for service, number, content, note in versions
    ]
    ServiceVersion.objects.bulk_create(rows)
    for row in rows:
        at = context.went_live + timedelta(days=400 * (row.number - 1))
        context.events.append(
            build_entry(
                action="services.service.versioned",
                obj=row.service,
                user=row.created_by,
                at=at,
                data={"version": row.number, "note": row.change_note},
            )
        )
