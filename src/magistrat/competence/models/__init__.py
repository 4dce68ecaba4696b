from .assessments import Appeal, Assessment, Outcome
from .framework import Competence, LevelRecord, PositionRequirement
from .orders import AssessmentOrder
from .preparatory import PreparatoryService
from .trainings import Certificate, Enrolment, Training, TrainingLeave, TrainingNeed, TrainingPlan, UnitBudget

__all__ = [
    "Appeal",
    "Assessment",
    "AssessmentOrder",
    "Certificate",
    "Competence",
    "Enrolment",
    "LevelRecord",
    "Outcome",
    "PositionRequirement",
    "PreparatoryService",
    "Training",
    "TrainingLeave",
    "TrainingNeed",
    "TrainingPlan",
    "UnitBudget",
]
