"""Who may do what to a BIP item (`bip.permissions`): the services refuse on their own, whoever
calls them, and every editors' page follows the same rules (allowed, another unit, no role,
anonymous)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.bip import services
from magistrat.bip.models import Category, Item
from magistrat.core.permissions import may
from magistrat.core.uploads import check_upload
from tests.bip.conftest import publish_item
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def fn_editor(units):
    """BIP editor of another unit (FN)."""
    return grant(StaffFactory(unit=units["FN"]).user, "bip_editor", units["FN"])


def draft(units, editor, unit="SA-01") -> Item:
    return services.item_save(
        item=Item(
            category=Category.objects.get(slug="ogloszenia"),
            unit=units[unit],
            slug=f"szkic-{Item.objects.count() + 1}",
            title="Ogłoszenie o konsultacjach",
            body="<p>Treść</p>",
            produced_by="Wydział Spraw Obywatelskich",
            responsible_name="Anna Kowalska",
            responsible="Naczelnik Wydziału",
            produced_on=date(2026, 3, 1),
            entered_by=editor,
        ),
        by=editor,
    )


def test_an_editor_calling_the_approvers_services_is_refused(units, sa_editor, bip_approver):
    item = draft(units, sa_editor)
    services.item_submit(item=item, by=sa_editor)
    with pytest.raises(PermissionDenied):
        services.item_approve(item=item, approver=sa_editor)
    with pytest.raises(PermissionDenied):
        services.item_return(item=item, approver=sa_editor, comment="Popraw.")
    services.item_approve(item=item, approver=bip_approver)
    with pytest.raises(PermissionDenied):
        services.item_publish(item=item, by=sa_editor)
    services.item_publish(item=item, by=bip_approver)
    with pytest.raises(PermissionDenied):
        services.item_remove(item=item, by=sa_editor, reason="Nieaktualne")
    with pytest.raises(PermissionDenied):
        services.item_archive(item=item, by=sa_editor)
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED and item.versions.count() == 1


def test_an_editor_of_another_unit_is_refused_by_the_services(units, sa_editor, fn_editor):
    with pytest.raises(PermissionDenied):
        draft(units, fn_editor)  # an item of SA-01
    assert Item.objects.count() == 0
    item = draft(units, sa_editor)
    item.title = "Zmiana"
    with pytest.raises(PermissionDenied):
        services.item_save(item=item, by=fn_editor)
    with pytest.raises(PermissionDenied):
        services.item_submit(item=item, by=fn_editor)
    checked = check_upload(SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    with pytest.raises(PermissionDenied):
        services.attachment_add(item=item, file=checked, by=fn_editor)
    attachment = services.attachment_add(item=item, file=checked, by=sa_editor)
    with pytest.raises(PermissionDenied):
        services.attachment_remove(attachment=attachment, by=fn_editor)
    item.refresh_from_db()
    assert item.state == Item.State.DRAFT and item.title == "Ogłoszenie o konsultacjach"
    assert item.attachments.count() == 1


def test_only_the_bulletin_managers_save_the_settings(units, sa_editor, bip_approver, bulletin_settings):
    bulletin_settings.editor_name = "Ktoś Inny"
    with pytest.raises(PermissionDenied):
        services.bulletin_settings_save(settings=bulletin_settings, by=sa_editor)
    services.bulletin_settings_save(settings=bulletin_settings, by=bip_approver)


def test_a_removed_item_is_not_edited_by_anyone(units, sa_editor, bip_approver):
    item = publish_item(units, unit="SA-01")
    assert may(sa_editor, "bip.edit_items", item)
    services.item_remove(item=item, by=bip_approver, reason="Pomyłka")
    assert not may(sa_editor, "bip.edit_items", item) and not may(bip_approver, "bip.edit_items", item)
    assert may(bip_approver, "bip.approve_items", item)  # the approver's rule is not the editor's


def _post(client, name, item, data=None):
    return client.post(reverse(name, args=[item.pk]), data or {})


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("bip:item_detail", "get"),
        ("bip:item_edit", "get"),
        ("bip:attachment_add", "post"),
    ],
)
def test_editors_pages_three_users_and_anonymous(
    client, units, sa_editor, fn_editor, clerk, url_name, method
):
    item = draft(units, sa_editor)
    url = reverse(url_name, args=[item.pk])
    request = getattr(client, method)
    anonymous = request(url)
    assert anonymous.status_code == 302 and reverse("core:login") in anonymous["Location"]
    client.force_login(sa_editor)
    assert request(url).status_code in (200, 302)
    client.force_login(fn_editor)  # another unit: the item is not found
    assert request(url).status_code == 404
    client.force_login(clerk.user)  # no BIP role
    assert request(url).status_code == 403


def test_workflow_steps_three_users_and_anonymous(client, units, sa_editor, fn_editor, clerk, bip_approver):
    item = draft(units, sa_editor)
    submit = reverse("bip:item_action", args=[item.pk, "submit"])
    assert client.post(submit).status_code == 302 and Item.objects.get().state == Item.State.DRAFT
    client.force_login(clerk.user)
    assert client.post(submit).status_code == 403
    client.force_login(fn_editor)
    assert client.post(submit).status_code == 404
    client.force_login(sa_editor)
    assert client.post(submit).status_code == 302 and Item.objects.get().state == Item.State.SUBMITTED
    approve = reverse("bip:item_action", args=[item.pk, "approve"])
    assert client.post(approve).status_code == 403  # an editor of the unit, not an approver
    assert _post(client, "bip:item_return", item, {"comment": "Popraw."}).status_code == 403
    verified_login(client, bip_approver)
    assert client.post(approve).status_code == 302 and Item.objects.get().state == Item.State.APPROVED
    assert client.post(reverse("bip:item_action", args=[item.pk, "nonsense"])).status_code == 404


def test_the_edit_button_follows_the_rule(client, units, sa_editor, bip_approver):
    item = publish_item(units, unit="SA-01")
    client.force_login(sa_editor)
    edit = reverse("bip:item_edit", args=[item.pk])
    assert edit in client.get(reverse("bip:item_detail", args=[item.pk])).content.decode()
    services.item_remove(item=item, by=bip_approver, reason="Pomyłka")
    assert edit not in client.get(reverse("bip:item_detail", args=[item.pk])).content.decode()
    assert client.get(edit).status_code == 403
