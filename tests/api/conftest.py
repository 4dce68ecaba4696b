import pytest

from magistrat.feedback.models import ServicePoint, Survey
from magistrat.feedback.services import devices as feedback_services


@pytest.fixture
def point(units):
    """Desk 7 of the SA-01 section, with the desk survey (loaded after migrate)."""
    return ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )


@pytest.fixture
def kiosk_token(point, quality):
    _device, token = feedback_services.device_issue(point=point, name="Tablet 1", user=quality)
    return token
