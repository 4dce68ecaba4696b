"""An auditor reads the audit trail: the list, an entry with its readable changes; axe-core on each."""

import pytest
from playwright.sync_api import expect

from magistrat.core.audit import audit_context
from magistrat.org.models import Unit
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_reads_an_entry_with_named_fields_and_people(page, units):
    auditor = grant(StaffFactory(unit=units["FN"]).user, "auditor")
    head = StaffFactory(user__first_name="Zofia", user__last_name="Kowalska")
    unit = Unit.objects.get(code="SA")
    with audit_context(user=auditor):
        unit.head, unit.kind = head, Unit.Kind.OFFICE
        unit.save()
    sign_in(page, auditor.username)
    page.wait_for_url("**/")
    page.goto("/audit/?action=org.unit.updated")
    row = page.locator("#audit-entries tbody tr").first
    expect(row).to_contain_text("Komórka organizacyjna")
    assert_accessible(page)
    row.get_by_role("link").click()
    changes = page.locator("#changes")
    expect(changes.get_by_role("row", name="Kierownik")).to_contain_text("Zofia Kowalska")
    expect(changes.get_by_role("row", name="Rodzaj")).to_contain_text("biuro")
    assert_accessible(page)
