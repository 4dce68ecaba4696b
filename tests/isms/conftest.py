"""People and records of the information security tests."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.isms.models import AppliedControl, Asset, CatalogueEntry, RiskMatrix, RiskScenario
from magistrat.isms.services import assets as asset_services
from magistrat.isms.services import risks as risk_services
from tests.conftest import verified_login
from tests.factories import StaffFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _english():
    """Services' messages are checked in English here; pages are Polish (tested by status and data)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def officer(units):
    """Information security officer (two-factor role)."""
    staff = StaffFactory(unit=units["SA"])
    return grant(staff.user, "security_officer")


@pytest.fixture
def leader(units):
    staff = StaffFactory(unit=units["SA"])
    return grant(staff.user, "leadership")


@pytest.fixture
def owner(units):
    """A member of staff with no ISMS role who owns assets and risks."""
    return StaffFactory(unit=units["FN"]).user


@pytest.fixture
def officer_client(client, officer):
    return verified_login(client, officer)


@pytest.fixture
def matrix(db):
    return RiskMatrix.objects.get(code="default-5x5", is_default=True)


def make_asset(code: str, owner, **fields) -> Asset:
    values = dict(
        name=f"Asset {code}",
        kind=Asset.Kind.SOFTWARE,
        owner=owner,
        confidentiality=2,
        integrity=2,
        availability=3,
        review_due=timezone.localdate() + timedelta(days=180),
    )
    depends_on = fields.pop("depends_on", None)
    return asset_services.asset_save(asset=Asset(code=code, **(values | fields)), depends_on=depends_on)


@pytest.fixture
def assessment(matrix):
    return risk_services.assessment_create(
        title="Ocena ryzyka 2026",
        scope="Systemy dziedzinowe urzędu",
        assessed_on=date(2026, 3, 1),
        participants="Jan Kowalski (IBI), Anna Nowak (OR)",
        matrix=matrix,
    )


def make_risk(
    assessment, owner, *, title="Utrata danych ewidencji", ratings=(4, 4, 3, 3, 2, 2), **fields
) -> RiskScenario:
    il, ii, cl, ci, rl, ri = ratings
    scenario = RiskScenario(
        assessment=assessment,
        title=title,
        threat="Ransomware",
        vulnerability="Brak segmentacji sieci",
        inherent_likelihood=il,
        inherent_impact=ii,
        current_likelihood=cl,
        current_impact=ci,
        residual_likelihood=rl,
        residual_impact=ri,
        treatment=RiskScenario.Treatment.MODIFY,
        owner=owner,
        **fields,
    )
    return risk_services.risk_save(scenario=scenario, by=None)


def annex_control(ref: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(catalogue__code="iso27001", ref=ref)


def make_control(
    owner, ref: str = "A.8.13", status=AppliedControl.Status.IMPLEMENTED, name="Kopie zapasowe"
) -> AppliedControl:
    return AppliedControl.objects.create(name=name, reference=annex_control(ref), owner=owner, status=status)


@pytest.fixture
def other_user(db):
    return UserFactory()
