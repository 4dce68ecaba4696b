"""Draft reports to CSIRT and UODO, prefilled from the incident (fields: data/incident_reports.yaml)."""

from dataclasses import dataclass
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.reference import load_yaml, localized
from magistrat.isms.clocks import incident_clocks
from magistrat.isms.models import Incident, IncidentReport
from magistrat.org.models import Office


@cache
def report_forms() -> dict:
    return load_yaml("isms", "incident_reports.yaml")["reports"]


@dataclass(frozen=True)
class DraftField:
    label: str
    value: str


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _sent(incident: Incident, kind: str) -> str:
    report = next((r for r in incident.reports.all() if r.kind == kind), None)
    if report is None:
        return ""
    return f"{_when(report.submitted_at)} {report.reference}".strip()


def report_values(incident: Incident) -> dict[str, str]:
    office = Office.objects.first()
    handler = incident.handler
    contact = ", ".join(filter(None, [handler.get_full_name() or handler.get_username(), handler.email]))
    yes_no = {True: _("yes"), False: _("no")}
    late = next(
        (
            c
            for c in incident_clocks(incident)
            if c.kind == IncidentReport.Kind.GDPR_NOTIFICATION and c.status().value == "overdue"
        ),
        None,
    )
    return {
        "entity": "; ".join(
            filter(None, [office.name if office else "", office.address if office else "", contact])
        ),
        "number": incident.number,
        "detected_at": _when(incident.detected_at),
        "aware_at": _when(incident.aware_at),
        "description": incident.description,
        "suspected_malicious": yes_no[incident.suspected_malicious],
        "cross_border": yes_no[incident.cross_border],
        "severity": incident.get_severity_display(),
        "assets": "; ".join(str(a) for a in incident.assets.all()),
        "indicators": "",
        "root_cause": "",
        "measures": incident.measures,
        "early_warning": _sent(incident, IncidentReport.Kind.NIS2_EARLY_WARNING),
        "notification": _sent(incident, IncidentReport.Kind.NIS2_NOTIFICATION),
        "timeline": "\n".join(f"{_when(e.at)} {e.text}" for e in incident.entries.all()),
        "lessons_learned": incident.lessons_learned,
        "breach_data_categories": incident.breach_data_categories,
        "breach_subjects": "" if incident.breach_subjects is None else str(incident.breach_subjects),
        "breach_records": "" if incident.breach_records is None else str(incident.breach_records),
        "consequences": incident.consequences,
        "persons_informed": _when(incident.persons_informed_at),
        "late_reason": _("Required: the notification is later than 72 hours.") if late else "",
    }


def report_draft(incident: Incident, kind: str) -> tuple[dict, list[DraftField]]:
    """The authority's form (name, legal basis) and its fields filled from the incident."""
    spec = report_forms()[kind]
    values = report_values(incident)
    fields = [
        DraftField(label=localized(f["label"]), value=values.get(f["source"], "")) for f in spec["fields"]
    ]
    return {"authority": localized(spec["authority"]), "basis": spec["basis"]}, fields
