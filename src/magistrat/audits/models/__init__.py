from magistrat.audits.models.audits import Acknowledgement, Audit, ChecklistItem, Finding
from magistrat.audits.models.catalogues import Catalogue, Clause
from magistrat.audits.models.programme import (
    FREQUENCY_YEARS,
    Auditor,
    AuditProgramme,
    ProgrammeEntry,
    Qualification,
    RiskLevel,
)

__all__ = [
    "FREQUENCY_YEARS",
    "Acknowledgement",
    "Audit",
    "AuditProgramme",
    "Auditor",
    "Catalogue",
    "ChecklistItem",
    "Clause",
    "Finding",
    "ProgrammeEntry",
    "Qualification",
    "RiskLevel",
]
