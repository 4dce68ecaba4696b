"""The audit trail reads as an auditor needs it: translated actions, verbose field names, choice
labels, names of linked records and users (ids in tooltips), local times; exports keep both."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from magistrat.core.audit import audit_context, log_action
from magistrat.core.audit_display import present, present_one
from magistrat.core.models import AuditEntry
from magistrat.org.models import Unit
from tests.factories import StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_unit(auditor, hr):
    """FN's head named, kind and activity changed, by the HR officer: one "updated" entry."""
    head = StaffFactory(user__first_name="Zofia", user__last_name="Kowalska")
    unit = Unit.objects.get(code="FN")
    with audit_context(user=hr.user, ip_address="10.0.0.5"):
        unit.head, unit.kind, unit.is_active = head, Unit.Kind.OFFICE, False
        unit.save()
    return AuditEntry.objects.filter(object_type="org.unit", action="org.unit.updated").latest("id"), head


def _rows(view):
    return {row.name: row for row in view.changes}


def test_changes_read_by_verbose_names_labels_and_names(changed_unit, hr):
    entry, head = changed_unit
    with override("en"):
        view = present_one(entry)
        rows = _rows(view)
        assert view.action_label == "Organisational unit: changed"
        assert view.object_type_label == "Organisational unit"
        assert rows["head"].label == "Head"
        assert (rows["head"].before.text, rows["head"].after.text) == ("–", "Zofia Kowalska")
        assert rows["head"].after.title == f"id {head.pk}"
        assert rows["kind"].label == "Kind"
        assert rows["kind"].after.text == "office (biuro)"
        assert rows["kind"].before.text == "department (wydział)"
        assert (rows["is_active"].label, rows["is_active"].before.text, rows["is_active"].after.text) == (
            "Active",
            "yes",
            "no",
        )
        assert view.actor.text == hr.user.get_full_name()
        assert view.actor.title == f"user id {hr.user.pk}, login {hr.user.username}"
        assert "Head: – → Zofia Kowalska" in view.changes_text


def test_a_linked_record_that_is_gone_shows_its_id(units):
    unit = UnitFactory(code="TMP")
    parent_pk = unit.pk
    child = UnitFactory(code="CHILD", parent=unit)
    child.parent = None
    child.save()
    entry = AuditEntry.objects.filter(object_type="org.unit", object_id=str(child.pk)).latest("id")
    child.delete()
    unit.delete()
    row = _rows(present_one(entry))["parent"]
    assert (row.before.text, row.before.title) == (f"#{parent_pk}", f"id {parent_pk}")


def test_times_and_stored_datetimes_are_in_the_office_time_zone(settings):
    entry = AuditEntry(
        created_at=datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
        action="registers.complaint.updated",
        object_type="registers.complaint",
        changes={"closed_at": [None, "2026-01-15 09:30:00+00:00"], "outcome": ["", "justified"]},
        data={"outcome": "justified"},
    )
    with override("en"), timezone.override("UTC"):  # whatever the request's zone, the office's counts
        view = present_one(entry)
    assert view.time_text == "2026-07-01 12:00:00"  # CEST
    rows = _rows(view)
    assert rows["closed_at"].after.text == "2026-01-15 10:30:00"  # CET
    assert rows["closed_at"].after.title == "2026-01-15 09:30:00+00:00"
    assert rows["outcome"].after.text == "justified" and rows["outcome"].label == "Outcome"
    assert view.details[0].label == "Outcome"


def test_users_in_changes_are_named_with_their_id_in_a_tooltip(hr):
    entry = AuditEntry(
        created_at=timezone.now(),
        action="registers.complaint.closed",
        object_type="registers.complaint",
        changes={"closed_by": [None, hr.user.pk]},
    )
    row = _rows(present_one(entry))["closed_by"]
    assert row.after.text == hr.user.get_full_name()
    with override("en"):
        assert present([entry])[0].changes[0].after.title == f"user id {hr.user.pk}"


def test_masked_and_structured_values(hr):
    hr.user.set_password("Another-password-2026")
    hr.user.save()
    entry = AuditEntry.objects.filter(object_type="core.user", action="core.user.updated").latest("id")
    row = _rows(present_one(entry))["password"]
    assert row.after.text == "***"
    related = log_action(
        Unit.objects.get(code="SA"),
        "related_changed",
        data={"field": "parent", "added": ["A", "B"], "removed": []},
    )
    with override("en"):
        details = {row.name: row.after.text for row in present_one(related).details}
    assert details == {"field": "Parent unit", "added": "A, B", "removed": "–"}


def test_list_and_detail_pages_read_as_people_do(client, auditor, changed_unit):
    entry, _head = changed_unit
    client.force_login(auditor.user)
    with override("en"):
        page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        detail = client.get(f"/audit/{entry.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    local = timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S")
    assert f">{local}</time>" in page and f">{local}</time>" in detail
    assert f'title="id {_head.pk}"' in detail and "Zofia Kowalska" in detail
    assert "<code>org.unit.updated</code>" in detail  # the stored code stays beside the label
    assert f'title="identyfikator użytkownika {entry.actor_id}' in page


def test_export_keeps_both_the_stored_and_the_readable_value(client, auditor, changed_unit):
    entry, head = changed_unit
    client.force_login(auditor.user)
    response = client.get("/audit/export/?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[0] == str(entry.pk))
    assert len(header) == len(row) == 19
    assert row[6] == "org.unit.updated" and row[5] != row[6]  # code and label
    assert row[2] == entry.created_at.astimezone(UTC).isoformat(timespec="microseconds")
    assert row[1] == timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S")
    assert json.loads(row[12]) == entry.changes
    assert head.user.get_full_name() in row[11]
    assert row[4] == str(entry.actor_id)


def test_xlsx_export_of_an_entry_with_changes_and_details(client, auditor, changed_unit):
    entry, _head = changed_unit
    log_action(None, "core.audit.exported", data={"filters": {"q": "x"}, "rows": 3})
    client.force_login(auditor.user)
    response = client.get("/audit/export/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    row = next(r for r in values if r[0] == entry.pk)
    assert row[6] == "org.unit.updated" and json.loads(row[12]) == entry.changes


def test_record_history_uses_the_same_presenter(units):
    from django.template import Context, Template

    with audit_context(user=None):
        unit = UnitFactory(code="HIS")
        unit.kind = Unit.Kind.SECTION
        unit.save()
    entries = AuditEntry.objects.filter(object_type="org.unit", object_id=str(unit.pk)).order_by("id")
    with override("en"):
        html = Template('{% load audit %}{% audit_history entries "system" %}').render(
            Context({"entries": entries})
        )
    assert "Organisational unit: changed: Kind" in html and "section (referat)" in html
    assert "system" in html


def test_audit_pages_permissions(client, auditor, clerk, sa_head, changed_unit):
    entry, _head = changed_unit
    urls = ["/audit/", f"/audit/{entry.pk}/", "/audit/export/?format=csv"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(auditor.user)  # office-wide role, whichever unit the auditor sits in
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    for user in (clerk.user, sa_head.user):  # no audit permission; a head of another unit
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403, 403, 403]


def test_details_holding_secrets_are_masked():
    entry = log_action(
        None,
        "test.event",
        data={"password": "hunter2", "device": {"api_key": "k", "name": "Kiosk"}, "tokens": ["a"], "rows": 3},
    )
    assert entry.data == {
        "password": "***",
        "device": {"api_key": "***", "name": "Kiosk"},
        "tokens": "***",
        "rows": 3,
    }
