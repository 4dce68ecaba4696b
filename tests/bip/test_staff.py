"""The editors' pages: unit scoping, the workflow by role, bad input refused on the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.bip.models import Category, Item
from tests.bip.conftest import publish_item
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db


def form_data(units, **changes):
    data = {
        "category": Category.objects.get(slug="uchwaly").pk,
        "unit": units["SA-01"].pk,
        "title": "Uchwała nr XII/1/2026 w sprawie nazwy ulicy",
        "slug": "",
        "body": "<p>Rada Miasta postanawia nadać nazwę ulicy.</p>",
        "produced_by": "Rada Miasta",
        "responsible": "Przewodniczący Rady",
        "produced_on": "2026-03-26",
        "data_number": "XII/1/2026",
        "data_adopted_on": "2026-03-26",
    }
    return data | changes


def test_editor_creates_submits_and_the_approver_publishes(client, units, sa_editor, bip_approver):
    client.force_login(sa_editor)
    response = client.post(reverse("bip:item_create"), form_data(units))
    item = Item.objects.get()
    assert response.status_code == 302 and item.slug == "uchwala-nr-xii12026-w-sprawie-nazwy-ulicy"
    assert item.data == {"number": "XII/1/2026", "adopted_on": "2026-03-26"} and item.entered_by == sa_editor
    client.post(reverse("bip:item_action", args=[item.pk, "submit"]))
    assert client.post(reverse("bip:item_action", args=[item.pk, "approve"])).status_code == 403
    verified_login(client, bip_approver)
    client.post(reverse("bip:item_action", args=[item.pk, "approve"]))
    client.post(reverse("bip:item_action", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED and item.versions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"body": "<p>x</p><script>alert(1)</script>"}, "body"),
        ({"body": "<p>niezamknięty <strong>tekst</p>"}, "body"),
        ({"data_adopted_on": "32.13.2026"}, "data_adopted_on"),
        ({"data_number": ""}, "data_number"),
        ({"produced_on": "2026-02-30"}, "produced_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, units, sa_editor, changes, field):
    client.force_login(sa_editor)
    response = client.post(reverse("bip:item_create"), form_data(units, **changes))
    assert response.status_code == 400 and Item.objects.count() == 0
    assert field in response.context["form"].errors


def test_duplicate_number_in_a_category_is_refused(client, units, sa_editor):
    publish_item(
        units, category="uchwaly", data={"number": "XII/1/2026", "adopted_on": "2026-03-26"}, slug="pierwsza"
    )
    client.force_login(sa_editor)
    response = client.post(reverse("bip:item_create"), form_data(units))
    assert response.status_code == 400 and Item.objects.count() == 1


def test_editor_sees_only_the_items_of_their_units(client, units, sa_editor):
    theirs = publish_item(units, unit="FN", title="Ogłoszenie Wydziału Finansowego")
    ours = publish_item(units, unit="SA-01", title="Ogłoszenie Referatu Ewidencji")
    client.force_login(sa_editor)
    assert client.get(reverse("bip:item_detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("bip:item_detail", args=[theirs.pk])).status_code == 404
    assert (
        theirs.title not in client.get(reverse("bip:item_list")).content.decode()
        or ours.title == theirs.title
    )
    assert client.post(reverse("bip:item_action", args=[theirs.pk, "submit"])).status_code == 404


def test_people_without_a_bip_role_get_403(client, units, clerk):
    item = publish_item(units)
    client.force_login(clerk.user)
    assert client.get(reverse("bip:item_list")).status_code == 403
    assert client.get(reverse("bip:item_detail", args=[item.pk])).status_code == 403
    assert client.get(reverse("bip:settings")).status_code == 403


def test_disguised_attachment_is_refused(client, units, sa_editor):
    item = publish_item(units, unit="SA-01")
    client.force_login(sa_editor)
    client.post(
        reverse("bip:attachment_add", args=[item.pk]),
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert item.attachments.count() == 0
    client.post(
        reverse("bip:attachment_add", args=[item.pk]),
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")},
    )
    assert item.attachments.count() == 1


def test_settings_by_the_approver(client, units, bip_approver, bulletin_settings):
    verified_login(client, bip_approver)
    assert client.get(reverse("bip:settings")).status_code == 200
    editor = grant(StaffFactory(unit=units["SA"]).user, "bip_editor", units["SA"])
    client.force_login(editor)
    assert client.get(reverse("bip:settings")).status_code == 403


def test_links_between_items_are_published_with_the_version(client, units, sa_editor, bip_approver):
    target = publish_item(
        units, category="uchwaly", slug="uchwala-nr-1", data={"number": "1/2026", "adopted_on": "2026-01-02"}
    )
    client.force_login(sa_editor)
    bad = client.post(reverse("bip:item_create"), form_data(units, related="/bip/uchwaly/nie-ma/"))
    assert bad.status_code == 400 and Item.objects.count() == 1
    client.post(reverse("bip:item_create"), form_data(units, related="/bip/uchwaly/uchwala-nr-1/"))
    item = Item.objects.exclude(pk=target.pk).get()
    assert list(item.related.all()) == [target]
    from magistrat.bip import services

    services.item_submit(item=item)
    services.item_approve(item=item, approver=bip_approver)
    version = services.item_publish(item=item, by=bip_approver)
    assert version.links == [{"title": target.title, "url": "/bip/uchwaly/uchwala-nr-1/"}]
    page = client.get(reverse("bip_public:item", args=["uchwaly", item.slug])).content.decode()
    assert "Powiązane informacje" in page and target.title in page
    assert (
        client.get(f"/api/v1/bip/items/uchwaly/{item.slug}")
        .json()["current"]["links"][0]["url"]
        .endswith("uchwala-nr-1/")
    )


def test_oversized_attachment_is_refused(client, units, sa_editor, settings):
    settings.MAGISTRAT_UPLOAD_MAX_BYTES = 1024
    item = publish_item(units, unit="SA-01")
    client.force_login(sa_editor)
    client.post(
        reverse("bip:attachment_add", args=[item.pk]),
        {"title": "Duży", "file": SimpleUploadedFile("duzy.pdf", b"%PDF-1.4 " + b"0" * 4096)},
    )
    assert item.attachments.count() == 0
