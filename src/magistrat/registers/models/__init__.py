"""The registers' cases, one module per case type; the shape they share is `core.cases`."""

from magistrat.core.cases.models import _tracking_code  # noqa: F401 - the migrations name it here
from magistrat.registers.models.complaints import Complaint, ComplaintExtension
from magistrat.registers.models.info_requests import InfoRequest, ReleasedDocument
from magistrat.registers.models.petitions import Petition, PetitionUpdate

__all__ = ["Complaint", "ComplaintExtension", "InfoRequest", "Petition", "PetitionUpdate", "ReleasedDocument"]
