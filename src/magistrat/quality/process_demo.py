"""The demo office's process map: 20 processes in three lanes with their interactions, linked to
the catalogue services, KPIs and documents of their leading units. Runs after the KPIs and
documents are seeded; written through the services as the quality manager."""

from django.apps import apps

from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.org.models import Unit
from magistrat.quality.models import Document
from magistrat.quality.services import processes as services


def _of_units(model_label: str, units: list[Unit], limit: int) -> list:
    model = apps.get_model(model_label)
    return list(model.objects.filter(unit__in=units).order_by("pk")[:limit])


def seed(context: DemoContext) -> None:
    data = load_yaml("quality", "demo_processes.yaml")
    heads, units = context.shared["heads"], context.shared["units"]
    manager = heads["PJ"].user
    plan = data["processes"][:6] if context.small else data["processes"]
    made = {}
    with audit_context(user=manager):
        for code, name, category, unit_code, purpose, inputs, outputs in plan:
            unit = units.get(unit_code) or units["OR"]
            subtree = list(Unit.objects.filter(pk=unit.pk) | Unit.objects.filter(parent=unit))
            made[code] = services.process_save(
                by=manager,
                code=code,
                name=name,
                category=category,
                purpose=purpose,
                owner=(heads.get(unit_code) or heads["PJ"]).user,
                unit=unit,
                inputs=inputs,
                outputs=outputs,
                customers="Mieszkańcy, przedsiębiorcy" if category == "core" else "Komórki urzędu",
                services=_of_units("services.Service", subtree, 4) if category == "core" else [],
                kpis=_of_units("performance.Kpi", subtree, 3),
                documents=list(Document.objects.filter(unit__in=subtree).order_by("pk")[:3]),
            )
        for source, target, flow in data["links"]:
            if source in made and target in made:
                services.link_add(by=manager, source=made[source], target=made[target], flow=flow)
