import pytest
from django_otp.plugins.otp_static.models import StaticDevice

from tests.factories import OfficeFactory, StaffFactory, UnitFactory, grant


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")  # never the real DATA_DIR's
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    cache.clear()  # rate-limit counters never leak from one test into another


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def units(db):
    """A small tree: department SA with section SA-01, and a separate department FN."""
    sa = UnitFactory(code="SA", name="Wydział Spraw Obywatelskich")
    sa01 = UnitFactory(code="SA-01", name="Referat Ewidencji Ludności", parent=sa, kind="section")
    fn = UnitFactory(code="FN", name="Wydział Finansowy")
    return {"SA": sa, "SA-01": sa01, "FN": fn}


def _staff_with(role, unit, scope=None):
    staff = StaffFactory(unit=unit)
    if role:
        grant(staff.user, role, scope)
    return staff


@pytest.fixture
def hr(units):
    """HR officer, office-wide."""
    return _staff_with("hr_officer", units["SA"])


@pytest.fixture
def sa_head(units):
    """Head of SA: sees SA and SA-01, not FN."""
    return _staff_with("unit_head", units["SA"], units["SA"])


@pytest.fixture
def fn_head(units):
    return _staff_with("unit_head", units["FN"], units["FN"])


@pytest.fixture
def clerk(units):
    """Service-desk clerk: no staff or audit permissions."""
    return _staff_with("service_desk_clerk", units["SA-01"])


@pytest.fixture
def auditor(units):
    return _staff_with("auditor", units["FN"])


@pytest.fixture
def quality(units):
    """The quality manager (office-wide, a user): manages service points, kiosks, surveys, survey
    links and the service catalogue; moderates ratings."""
    return grant(StaffFactory(unit=units["SA"]).user, "quality_manager")


@pytest.fixture
def admin_staff(units):
    return _staff_with("administrator", units["SA"])


def verified_login(client, user):
    """Sign in and pass 2FA (as after entering a valid code)."""
    client.force_login(user)
    device = StaticDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    def _login(staff_or_user):
        user = getattr(staff_or_user, "user", staff_or_user)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def english(client, settings):
    """Tests that read English text: messages in English, and pages asked for in English (the
    language switch's cookie), as a user who chose English sees them."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
