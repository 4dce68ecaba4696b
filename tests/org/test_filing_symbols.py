"""Case-number prefixes (filing symbols from the office's filing plan) are office configuration:
defaults from org/data/filing_symbols.yaml, changed on the office's settings page."""

from datetime import datetime

import pytest
from django.urls import reverse

from magistrat.core import numbering
from magistrat.core.deadlines import WARSAW
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.org import filing
from magistrat.org.models import FilingSymbol
from magistrat.org.services import filing_symbol_save
from magistrat.registers import services
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 9, 30, tzinfo=WARSAW)


def _complaint():
    return services.complaint_register(
        kind="motion", channel="letter", subject="Ławki", content="Proszę o ławki.", received_at=AT
    )


def test_every_register_that_numbers_cases_has_a_default():
    declared = {entry.code for entry in numbering.registers()}
    assert declared == {
        "complaints",
        "info-requests",
        "petitions",
        "isms-dsr",
        "isms-incidents",
        "quality-nc",
    }
    assert declared <= set(filing.default_symbols())
    assert (
        filing.default_symbols()["complaints"] == "SKW.1510"
        and filing.default_symbols()["isms-incidents"] == "INC"
    )


def test_the_office_symbol_numbers_the_next_cases(units):
    assert _complaint().number == "SKW.1510.1.2026"
    filing_symbol_save(register="complaints", symbol="or-ii.1510")  # typed in lower case: stored as capitals
    assert _complaint().number == "OR-II.1510.2.2026"  # the count of the year goes on
    entry = AuditEntry.objects.get(action="org.filing_symbol.changed")
    assert entry.data == {"register": "complaints", "symbol": "OR-II.1510", "before": "SKW.1510"}


def test_incidents_are_numbered_through_the_same_configuration(units, hr):
    from magistrat.isms.models import Incident
    from magistrat.isms.services.incidents import incident_save

    filing_symbol_save(register="isms-incidents", symbol="BI.5530")
    incident = incident_save(
        incident=Incident(
            title="Phishing",
            description="Fałszywe wiadomości.",
            detected_at=AT,
            aware_at=AT,
            severity=Incident.Severity.HIGH,
            handler=hr.user,
        )
    )
    assert incident.number == "BI.5530.1.2026"


@pytest.mark.parametrize(
    "symbol",
    ["", "SKW/1510", "SKW 1510", "SKW..1510", "A" * 17, "PET.152"],  # the last is the petitions' symbol
)
def test_a_symbol_that_would_break_numbers_is_refused(symbol):
    with pytest.raises(ServiceError):
        filing_symbol_save(register="complaints", symbol=symbol)
    assert not FilingSymbol.objects.exists()


def test_an_unknown_register_is_refused():
    with pytest.raises(ServiceError):
        filing_symbol_save(register="parking-tickets", symbol="PARK")
    with pytest.raises(LookupError):
        numbering.prefix("parking-tickets")


def test_the_settings_page(client, office, admin_staff, fn_head, hr):
    url = reverse("org:filing_symbols_edit")
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(hr.user)  # no role for the office's settings
    assert client.get(url).status_code == 403
    client.force_login(fn_head.user)  # the head of a unit: not the office's settings either
    assert client.post(url, {"complaints-symbol": "FN.1510"}).status_code == 403
    verified_login(client, admin_staff.user)
    page = client.get(url)
    assert page.status_code == 200
    assert all(f'id="symbol-{entry.code}"' in page.content.decode() for entry in numbering.registers())
    data = {f"{row.register.code}-symbol": row.symbol for row in filing.symbols()}
    refused = client.post(url, data | {"complaints-symbol": "SKW/1510"})
    assert refused.status_code == 400 and not FilingSymbol.objects.exists()
    clash = client.post(url, data | {"complaints-symbol": "RODO"})
    assert clash.status_code == 400 and not FilingSymbol.objects.exists()
    assert client.post(url, data | {"petitions-symbol": "BRM.152"}).status_code == 302
    assert filing.symbol("petitions") == "BRM.152" and FilingSymbol.objects.count() == 1
    assert numbering.prefix("petitions") == "BRM.152"
