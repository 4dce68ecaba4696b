"""Information security management (ISO/IEC 27001:2022, KRI § 20, GDPR), one module per entity.

reference: catalogues and risk matrices loaded from isms/data/ · assets: the inventory ·
risks: assessments, scenarios, treatment tasks, owner sign-off · controls: applied controls,
evidence, recurring checks · soa: Statement of Applicability versions · incidents: incidents,
breaches and their legal clocks · gdpr: records of processing and data subject requests.
"""

from magistrat.isms.models.assets import Asset
from magistrat.isms.models.controls import (
    AppliedControl,
    CheckResult,
    ControlCheck,
    Evidence,
    EvidenceRevision,
)
from magistrat.isms.models.gdpr import DataSubjectRequest, ProcessingActivity
from magistrat.isms.models.incidents import Incident, IncidentEntry, IncidentReport
from magistrat.isms.models.reference import Catalogue, CatalogueEntry, RiskMatrix, level_of
from magistrat.isms.models.risks import RiskAssessment, RiskRevision, RiskScenario, RiskSignOff, TreatmentTask
from magistrat.isms.models.soa import SoaEntry, SoaVersion

__all__ = [
    "AppliedControl",
    "Asset",
    "Catalogue",
    "CatalogueEntry",
    "CheckResult",
    "ControlCheck",
    "DataSubjectRequest",
    "Evidence",
    "EvidenceRevision",
    "Incident",
    "IncidentEntry",
    "IncidentReport",
    "ProcessingActivity",
    "RiskAssessment",
    "RiskMatrix",
    "RiskRevision",
    "RiskScenario",
    "RiskSignOff",
    "SoaEntry",
    "SoaVersion",
    "TreatmentTask",
    "level_of",
]
