from magistrat.quality.models.actions import Action
from magistrat.quality.models.documents import Acknowledgement, Distribution, Document, DocumentVersion
from magistrat.quality.models.nonconformities import ISHIKAWA, EffectivenessCheck, Nonconformity
from magistrat.quality.models.registers import ExternalDocument, MayorOrder

__all__ = [
    "ISHIKAWA",
    "Acknowledgement",
    "Action",
    "Distribution",
    "Document",
    "DocumentVersion",
    "EffectivenessCheck",
    "ExternalDocument",
    "MayorOrder",
    "Nonconformity",
]
