from magistrat.quality.models.actions import Action
from magistrat.quality.models.context import ContextIssue, ContextReview, InterestedParty, PolicyVersion
from magistrat.quality.models.documents import Acknowledgement, Distribution, Document, DocumentVersion
from magistrat.quality.models.nonconformities import ISHIKAWA, EffectivenessCheck, Nonconformity
from magistrat.quality.models.processes import Process, ProcessLink
from magistrat.quality.models.registers import ExternalDocument, MayorOrder
from magistrat.quality.models.reviews import ManagementReview, ReviewDecision
from magistrat.quality.models.risks import QualityRisk

__all__ = [
    "ISHIKAWA",
    "Acknowledgement",
    "Action",
    "ContextIssue",
    "ContextReview",
    "Distribution",
    "Document",
    "DocumentVersion",
    "EffectivenessCheck",
    "ExternalDocument",
    "InterestedParty",
    "ManagementReview",
    "MayorOrder",
    "Nonconformity",
    "PolicyVersion",
    "Process",
    "ProcessLink",
    "QualityRisk",
    "ReviewDecision",
]
