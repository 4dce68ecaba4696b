"""Register exports show labels (unit names, people, choices), and a unit outside the user's scope
is refused (404), never answered with an empty file."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from magistrat.registers import services
from tests.conftest import verified_login
from tests.factories import StaffFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_complaint_export_shows_names_not_codes(client, units, office):
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    handler = StaffFactory(unit=units["SA"], user=UserFactory(first_name="Ewa", last_name="Dąbrowska"))
    case = services.complaint_register(kind="motion", channel="epuap", subject="Ławki", content="…")
    services.complaint_assign(complaint=case, unit=units["SA"], handler=handler.user)
    client.force_login(quality)
    rows = _rows(client.get(reverse("registers:complaint_export"), {"format": "xlsx", "state": "all"}))
    with override("pl"):
        unit, handled_by, kind, channel = (gettext(h) for h in ("unit", "handled by", "kind", "received by"))
        motion = str(case.get_kind_display())
    assert rows[0][unit] == "Wydział Spraw Obywatelskich (SA)"
    assert rows[0][handled_by] == "Ewa Dąbrowska"
    assert rows[0][kind] == motion and rows[0][channel] == "ePUAP"


def test_request_export_shows_the_handler_and_form_of_release(client, units, office, auditor):
    handler = UserFactory(first_name="Jan", last_name="Łukasik")
    case = services.info_request_register(
        channel="email",
        subject="Umowy",
        request_text="Proszę o umowy.",
        release_form="electronic",
        requester_email="jan@example.pl",
        received_at=timezone.now() - timedelta(days=1),
    )
    services.info_request_assign(request=case, unit=units["FN"], handler=handler)
    client.force_login(auditor.user)
    rows = _rows(client.get(reverse("registers:request_export"), {"format": "xlsx", "state": "all"}))
    with override("pl"):
        unit, handled_by = gettext("unit"), gettext("handled by")
    assert rows[0][unit] == "Wydział Finansowy (FN)" and rows[0][handled_by] == "Jan Łukasik"


@pytest.mark.parametrize(
    "name",
    [
        "registers:complaint_list",
        "registers:complaint_export",
        "registers:request_list",
        "registers:request_export",
        "registers:petition_list",
    ],
)
def test_a_unit_outside_ones_scope_is_refused(client, units, name):
    head = grant(StaffFactory(unit=units["SA"]).user, "unit_head", units["SA"])
    grant(head, "auditor", units["SA"])  # export permissions, limited to SA as well
    grant(head, "bip_approver", units["SA"])
    verified_login(client, head)  # the BIP approver's role needs two-factor sign-in
    url = reverse(name)
    assert client.get(url, {"unit": units["SA-01"].pk, "format": "xlsx"}).status_code == 200
    assert client.get(url, {"unit": units["FN"].pk, "format": "xlsx"}).status_code == 404
    assert client.get(url, {"unit": "x", "format": "xlsx"}).status_code == 404
    assert client.get(url, {"unit": 999999, "format": "xlsx"}).status_code == 404


def test_the_unit_filter_keeps_to_the_unit_and_below(client, units, office):
    quality = grant(StaffFactory(unit=units["SA"]).user, "quality_manager")
    inside = services.complaint_register(
        kind="motion", channel="letter", subject="A", content="…", unit=units["SA-01"]
    )
    outside = services.complaint_register(
        kind="motion", channel="letter", subject="B", content="…", unit=units["FN"]
    )
    client.force_login(quality)
    page = client.get(reverse("registers:complaint_list"), {"unit": units["SA"].pk}).content.decode()
    assert inside.number in page and outside.number not in page
