import pytest

from magistrat.feedback.models import ServicePoint, Survey


@pytest.fixture
def point(units):
    """Desk 7 of the SA-01 section, with the desk survey (loaded after migrate)."""
    return ServicePoint.objects.create(
        code="A-S07", name="Stanowisko 7", unit=units["SA-01"], survey=Survey.objects.get(slug="desk")
    )


@pytest.fixture
def fn_point(units):
    return ServicePoint.objects.create(
        code="C-S01", name="Kasa", unit=units["FN"], survey=Survey.objects.get(slug="desk")
    )
