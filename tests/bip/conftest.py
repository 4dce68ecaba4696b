from datetime import date

import pytest

from magistrat.bip import services
from magistrat.bip.models import BulletinSettings, Category, Item
from tests.factories import StaffFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _english():
    """Services' messages are checked in English; the public pages are Polish by design."""
    from django.utils import translation

    with translation.override("en"):
        yield


def approver_user(**fields):
    """A user with the BIP approver's role (office-wide): the services refuse anyone else."""
    return grant(UserFactory(**fields), "bip_approver")


@pytest.fixture
def bulletin_settings(db):
    return BulletinSettings.objects.create(
        editor_name="Ewa Redaktorska",
        editor_phone="+48 32 555 10 20",
        editor_email="bip@testowo.example.pl",
        editorial_address="Referat BIP, ul. Rynek 1, 00-950 Testowo",
        accessibility_prepared_on=date(2025, 3, 1),
        accessibility_reviewed_on=date(2026, 3, 1),
        accessibility_contact="Ewa Redaktorska, bip@testowo.example.pl, +48 32 555 10 20",
    )


@pytest.fixture
def sa_editor(units):
    """BIP editor for SA and its sections."""
    return grant(StaffFactory(unit=units["SA"]).user, "bip_editor", units["SA"])


@pytest.fixture
def bip_approver(units):
    return grant(StaffFactory(unit=units["SA"]).user, "bip_approver")


def publish_item(
    units,
    *,
    category="ogloszenia",
    unit="SA",
    title="Ogłoszenie o konsultacjach społecznych",
    body="<p>Treść</p>",
    data=None,
    **fields,
) -> Item:
    user = approver_user()
    item = services.item_save(
        item=Item(
            category=Category.objects.get(slug=category),
            unit=units[unit],
            slug=fields.pop("slug", f"pozycja-{Item.objects.count() + 1}"),
            title=title,
            body=body,
            produced_by="Wydział Spraw Obywatelskich",
            produced_on=date(2026, 3, 1),
            entered_by=user,
            **{"responsible": "Naczelnik Wydziału", **fields},
        ),
        data=data or {},
    )
    services.item_submit(item=item)
    services.item_approve(item=item, approver=user)
    services.item_publish(item=item, by=user)
    return item
