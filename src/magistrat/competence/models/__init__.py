from .assessments import Appeal, Assessment, Outcome
from .framework import Competence, LevelRecord, PositionRequirement
from .orders import AssessmentOrder
from .preparatory import PreparatoryService

__all__ = [
    "Appeal",
    "Assessment",
    "AssessmentOrder",
    "Competence",
    "LevelRecord",
    "Outcome",
    "PositionRequirement",
    "PreparatoryService",
]
