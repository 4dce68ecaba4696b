import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from magistrat.core.audit import audit_context, log_action, verify_chain
from magistrat.core.models import AuditEntry, AuditTrailError
from magistrat.org.models import Unit
from tests.factories import UnitFactory


@pytest.mark.django_db
def test_create_update_delete_are_recorded_with_field_changes(hr):
    with audit_context(user=hr.user, ip_address="10.1.2.3"):
        unit = UnitFactory(code="OS", name="Wydział Ochrony Środowiska")
        unit.name = "Wydział Klimatu"
        unit.save()
        unit.save()  # nothing changed: no entry
        unit_pk = unit.pk
        unit.delete()
    entries = list(AuditEntry.objects.filter(object_type="org.unit", object_id=str(unit_pk)).order_by("id"))
    assert [e.action for e in entries] == ["org.unit.created", "org.unit.updated", "org.unit.deleted"]
    assert entries[1].changes == {"name": ["Wydział Ochrony Środowiska", "Wydział Klimatu"]}
    assert entries[1].actor_id == hr.user.pk
    assert entries[1].ip_address == "10.1.2.3"
    assert entries[2].changes["code"] == ["OS", None]


@pytest.mark.django_db
def test_password_changes_are_logged_without_the_hash(hr):
    user = hr.user
    user.set_password("Another-password-2026")
    user.save()
    entry = AuditEntry.objects.filter(object_type="core.user", action="core.user.updated").latest("id")
    assert entry.changes["password"] == ["***", "***"]


@pytest.mark.django_db
def test_bulk_queryset_update_and_delete_are_audited(units):
    Unit.objects.filter(code__startswith="SA").update(phone="+48 22 000 00 00")
    updated = AuditEntry.objects.filter(action="org.unit.updated")
    assert updated.count() == 2
    Unit.objects.filter(code="FN").delete()
    assert AuditEntry.objects.filter(action="org.unit.deleted", object_repr__startswith="FN").exists()


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = log_action(None, "test.event")
    entry.action = "test.other"
    with pytest.raises(AuditTrailError):
        entry.save()
    with pytest.raises(AuditTrailError):
        entry.delete()
    with pytest.raises(AuditTrailError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditTrailError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_postgresql_trigger_refuses_raw_update_and_delete():
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL")
    entry = log_action(None, "test.event")
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.event"


def _tamper(entry_id, **values):
    """Change a row behind the application's back (as an attacker with database access could)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
    sets = ", ".join(f"{column} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditentry SET {sets} WHERE id = %s", [*values.values(), entry_id])  # noqa: S608


@pytest.mark.django_db
def test_verify_chain_finds_the_first_altered_entry(capsys):
    entries = [log_action(None, "test.event", data={"n": n}) for n in range(5)]
    assert verify_chain().ok
    call_command("verify_audit")
    assert "intact: " in capsys.readouterr().out
    _tamper(entries[2].pk, object_repr="forged")
    report = verify_chain()
    assert report.broken_at == entries[2].pk
    assert "altered" in report.reason
    with pytest.raises(CommandError, match=f"BROKEN at entry {entries[2].pk}"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_chain_detects_a_removed_entry():
    entries = [log_action(None, "test.event", data={"n": n}) for n in range(4)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    report = verify_chain()
    assert report.broken_at == entries[2].pk
    assert "link" in report.reason


@pytest.mark.django_db
def test_login_and_failed_login_are_recorded(client, hr):
    client.post("/login/", {"username": hr.user.username, "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.data == {"username": hr.user.username}
    assert failed.ip_address == "192.0.2.7"
    client.post("/login/", {"username": hr.user.username, "password": "Test-password-2026!"})
    assert AuditEntry.objects.filter(action="auth.login", actor=hr.user).exists()


@pytest.mark.django_db
def test_permission_changes_are_recorded(client, units):
    from magistrat.org.services import role_grant, role_revoke
    from tests.factories import StaffFactory

    staff = StaffFactory(unit=units["SA"])
    assignment = role_grant(user=staff.user, role="bip_editor", unit=units["SA"])
    role_revoke(assignment=assignment)
    actions = list(
        AuditEntry.objects.filter(object_type="org.roleassignment").values_list("action", flat=True)
    )
    # The field-diff safety net and the named events the services write, newest first.
    assert actions == [
        "org.roleassignment.deleted",
        "org.role.revoked",
        "org.role.granted",
        "org.roleassignment.created",
    ]


@pytest.mark.django_db
def test_actions_have_readable_translated_names(units):
    from django.utils.translation import override

    entry = AuditEntry.objects.filter(action="org.unit.created").first()
    with override("pl"):
        assert entry.action_label == "Komórka organizacyjna: utworzono"
        assert log_action(None, "auth.login_failed").action_label == "Nieudane logowanie"
    with override("en"):
        assert entry.action_label == "Organisational unit: created"
