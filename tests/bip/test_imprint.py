"""Metryczka: the person responsible for the content is named with their function (art. 8 ust. 6
udip), not the unit a second time; with no one named, the head of the unit and their position."""

import pytest
from django.urls import reverse

from magistrat.bip import services
from tests.bip.conftest import approver_user, publish_item
from tests.factories import PositionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def imprint_rows(client, item) -> str:
    html = client.get(reverse("bip_public:item", args=[item.category.slug, item.slug])).content.decode()
    return html[html.index('class="imprint"') : html.index("</section>", html.index('class="imprint"'))]


def test_the_person_and_function_are_published_in_the_metryczka(client, units):
    item = publish_item(
        units, unit="FN", responsible_name="Anna Kowalska", responsible="Naczelnik Wydziału Finansów"
    )
    imprint = item.versions.get().imprint
    assert imprint["responsible"] == "Anna Kowalska, Naczelnik Wydziału Finansów"
    assert imprint["responsible_name"] == "Anna Kowalska"
    assert imprint["responsible_function"] == "Naczelnik Wydziału Finansów"
    rows = imprint_rows(client, item)
    assert "<dt>Odpowiada za treść</dt><dd>Anna Kowalska, Naczelnik Wydziału Finansów</dd>" in rows
    assert rows.count(units["FN"].name) == 1  # the unit once, as the one that makes it available
    api = client.get(f"/api/v1/bip/items/{item.category.slug}/{item.slug}").json()
    assert api["current"]["imprint"]["responsible_name"] == "Anna Kowalska"


def test_with_no_one_named_the_head_of_the_unit_is_responsible(client, units):
    head = StaffFactory(
        unit=units["FN"],
        user__first_name="Jan",
        user__last_name="Nowak",
        position=PositionFactory(name="Skarbnik"),
    )
    units["FN"].head = head
    units["FN"].save()
    # The unit's name where a function belongs (as older data has it) gives way to the position.
    item = publish_item(units, unit="FN", responsible=f"Kierownik: {units['FN'].name}")
    assert (item.responsible_name, item.responsible) == ("Jan Nowak", "Skarbnik")
    assert item.versions.get().imprint["responsible"] == "Jan Nowak, Skarbnik"
    # A function of its own is kept.
    kept = publish_item(units, unit="FN", responsible="Zastępca Skarbnika", slug="inna")
    assert (kept.responsible_name, kept.responsible) == ("Jan Nowak", "Zastępca Skarbnika")


def test_a_unit_without_a_head_keeps_what_the_editor_wrote(units):
    item = publish_item(units, unit="SA", responsible="Naczelnik Wydziału")
    assert item.responsible_name == "" and item.versions.get().imprint["responsible"] == "Naczelnik Wydziału"


def test_a_change_of_the_person_is_published_as_a_new_version(units):
    item = publish_item(units, responsible_name="Anna Kowalska", responsible="Naczelnik")
    item.responsible_name = "Ewa Nowak"
    services.item_save(item=item)
    item.change_reason = "Zmiana osoby odpowiedzialnej"
    approver = approver_user()
    services.item_submit(item=item)
    services.item_approve(item=item, approver=approver)
    services.item_publish(item=item, by=approver)
    first, second = item.versions.order_by("number")
    assert first.imprint["responsible"] == "Anna Kowalska, Naczelnik"
    assert second.imprint["responsible"] == "Ewa Nowak, Naczelnik"
    assert services.verify_item(item) == (True, None)


def test_someone_must_be_responsible(client, units, sa_editor):
    from tests.bip.test_staff import form_data

    client.force_login(sa_editor)
    response = client.post(reverse("bip:item_create"), form_data(units, responsible="", responsible_name=""))
    assert response.status_code == 400 and "responsible_name" in response.context["form"].errors
    head = StaffFactory(unit=units["SA-01"], position=PositionFactory(name="Kierownik Referatu"))
    units["SA-01"].head = head
    units["SA-01"].save()
    response = client.post(reverse("bip:item_create"), form_data(units, responsible="", responsible_name=""))
    assert response.status_code == 302
    from magistrat.bip.models import Item

    assert Item.objects.get().responsible_display == f"{head.user.get_full_name()}, Kierownik Referatu"
