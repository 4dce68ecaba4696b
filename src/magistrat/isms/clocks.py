"""The legal clocks of an incident, on Magistrat's one deadline engine.

| report                          | applies when                          | runs from            | period |
|---------------------------------|---------------------------------------|----------------------|--------|
| NIS2/KSC early warning (CSIRT)  | significant incident                  | awareness            | 24 h   |
| NIS2/KSC notification (CSIRT)   | significant incident                  | awareness            | 72 h   |
| NIS2/KSC final report (CSIRT)   | significant incident                  | notification sent *  | 1 month|
| GDPR art. 33 notification (UODO)| breach with a risk to persons         | awareness            | 72 h   |

* until the notification is sent, the final report's clock runs from the notification's due time,
so the page can already show the latest possible date.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from magistrat.core.deadlines import Clock, Status, legal_period
from magistrat.isms.models import Incident, IncidentReport

Kind = IncidentReport.Kind
AUTHORITIES = {
    Kind.NIS2_EARLY_WARNING: _("CSIRT"),
    Kind.NIS2_NOTIFICATION: _("CSIRT"),
    Kind.NIS2_FINAL: _("CSIRT"),
    Kind.GDPR_NOTIFICATION: _("UODO"),
}
PERIOD_KEYS: dict[str, str] = {
    Kind.NIS2_EARLY_WARNING: "nis2_early_warning",
    Kind.NIS2_NOTIFICATION: "nis2_notification",
    Kind.NIS2_FINAL: "nis2_final_report",
    Kind.GDPR_NOTIFICATION: "gdpr_breach_notification",
}


@dataclass(frozen=True)
class IncidentClock:
    kind: str
    clock: Clock
    report: IncidentReport | None

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def authority(self) -> str:
        return str(AUTHORITIES[Kind(self.kind)])

    @property
    def due(self) -> datetime:
        return self.clock.due

    def status(self, now: datetime | None = None) -> Status:
        return self.clock.status(now)


def required_reports(incident: Incident) -> list[str]:
    kinds: list[str] = []
    if incident.significant:
        kinds += [Kind.NIS2_EARLY_WARNING, Kind.NIS2_NOTIFICATION, Kind.NIS2_FINAL]
    if incident.personal_data_breach and incident.breach_risk in (
        Incident.BreachRisk.RISK,
        Incident.BreachRisk.HIGH,
    ):
        kinds.append(Kind.GDPR_NOTIFICATION)
    return kinds


def incident_clocks(incident: Incident) -> list[IncidentClock]:
    """Every clock the incident runs, each with its report once sent (uses prefetched reports)."""
    reports = {report.kind: report for report in incident.reports.all()}
    clocks = []
    for kind in required_reports(incident):
        period = legal_period(PERIOD_KEYS[kind])
        start = incident.aware_at
        if kind == Kind.NIS2_FINAL:
            notification = reports.get(Kind.NIS2_NOTIFICATION)
            start = (
                notification.submitted_at
                if notification
                else Clock(start=incident.aware_at, period=legal_period("nis2_notification")).due
            )
        report = reports.get(kind)
        clock = Clock(start=start, period=period, completed_at=report.submitted_at if report else None)
        clocks.append(IncidentClock(kind=kind, clock=clock, report=report))
    return clocks
