import pytest

from magistrat.feedback import services as feedback_services
from magistrat.feedback.models import ServicePoint, Survey


@pytest.fixture
def point(units):
    """Desk 7 of the SA-01 section, with the desk survey (loaded after migrate)."""
    return ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )


@pytest.fixture
def kiosk_token(point, hr):
    _device, token = feedback_services.device_issue(point=point, name="Tablet 1", user=hr.user)
    return token
