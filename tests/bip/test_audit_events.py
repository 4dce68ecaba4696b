"""Every state change of a BIP item is a named audit event written by its service, by whom, with
what an auditor needs; each name has a label (`bip/audit_actions.py`)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from magistrat.bip import services
from magistrat.bip.models import Category, Item
from magistrat.core.audit_labels import action_label, is_labelled
from magistrat.core.models import AuditEntry
from magistrat.core.uploads import check_upload

pytestmark = pytest.mark.django_db


def _named(item) -> list[tuple[str, int | None, dict]]:
    """The item's named events (the field-diff trail's created/updated left out), in order."""
    entries = AuditEntry.objects.filter(object_type="bip.item", object_id=str(item.pk)).order_by("id")
    return [
        (entry.action, entry.actor_id, entry.data)
        for entry in entries
        if entry.action not in ("bip.item.created", "bip.item.updated", "bip.item.related_changed")
    ]


def test_the_workflow_writes_a_named_event_for_every_step(units, sa_editor, bip_approver, bulletin_settings):
    item = services.item_save(
        item=Item(
            category=Category.objects.get(slug="ogloszenia"),
            unit=units["SA-01"],
            slug="konsultacje",
            title="Konsultacje społeczne",
            body="<p>Zapraszamy.</p>",
            produced_by="Wydział Spraw Obywatelskich",
            responsible_name="Anna Kowalska",
            responsible="Naczelnik Wydziału",
            produced_on=date(2026, 3, 1),
            entered_by=sa_editor,
        ),
        by=sa_editor,
    )
    checked = check_upload(SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    attachment = services.attachment_add(item=item, file=checked, title="Plan", by=sa_editor)
    services.item_submit(item=item, by=sa_editor)
    services.item_return(item=item, approver=bip_approver, comment="Dopisz termin.")
    services.item_submit(item=item, by=sa_editor)
    services.item_approve(item=item, approver=bip_approver)
    services.item_publish(item=item, by=bip_approver)
    services.item_archive(item=item, by=bip_approver)
    services.attachment_remove(attachment=attachment, by=sa_editor)
    services.item_remove(item=item, by=bip_approver, reason="Konsultacje odwołane")
    editor, approver = sa_editor.pk, bip_approver.pk
    events = _named(item)
    assert [(action, actor) for action, actor, _data in events] == [
        ("bip.item.saved", editor),
        ("bip.item.attachment_added", editor),
        ("bip.item.submitted", editor),
        ("bip.item.returned", approver),
        ("bip.item.submitted", editor),
        ("bip.item.approved", approver),
        ("bip.item.published", approver),
        ("bip.item.archived", approver),
        ("bip.item.attachment_removed", editor),
        ("bip.item.removed", approver),
    ]
    data = {action: details for action, _actor, details in events}
    assert data["bip.item.saved"]["new_item"] is True
    assert (
        data["bip.item.attachment_added"]["file"] == "plan.pdf"
        and len(data["bip.item.attachment_added"]["hash"]) == 64
    )
    assert data["bip.item.submitted"]["answers_returns"] == [item.returns.get().pk]
    assert data["bip.item.published"]["version"] == 1 and data["bip.item.published"]["hash"]
    assert data["bip.item.removed"] == {
        "version": 2,
        "hash": item.versions.get(number=2).hash,
        "reason": "Konsultacje odwołane",
    }
    bulletin_settings.editor_name = "Jan Redaktor"
    services.bulletin_settings_save(settings=bulletin_settings, by=bip_approver)
    assert AuditEntry.objects.filter(action="bip.settings.saved", actor_id=approver).exists()
    with override("en"):
        for action, _actor, _data in events:
            assert is_labelled(action) and action_label(action) != action
