"""Scheduled publication, automatic archiving and what waits on the home page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from magistrat.bip import services
from magistrat.bip.models import BulletinSettings, Category, Item
from magistrat.bip.tasks import publish_and_archive_due_items
from magistrat.core.attention import attention_for
from tests.bip.conftest import publish_item

pytestmark = pytest.mark.django_db


def test_approved_item_is_published_when_its_time_comes(units, sa_editor, bip_approver):
    item = services.item_save(
        item=Item(
            category=Category.objects.get(slug="nabory"),
            unit=units["SA"],
            slug="nabor-inspektor",
            title="Nabór na stanowisko inspektora",
            produced_by="Biuro Kadr",
            responsible="Kierownik Biura Kadr",
            produced_on=date(2026, 3, 1),
            entered_by=sa_editor,
            publish_at=timezone.now() + timedelta(hours=1),
        ),
        data={"position": "Inspektor", "deadline": "2026-04-01"},
    )
    assert any("Draft to finish" in i.title for i in attention_for(sa_editor))
    services.item_submit(item=item)
    assert any(item.title in i.title for i in attention_for(bip_approver))
    services.item_approve(item=item, approver=bip_approver)
    assert publish_and_archive_due_items.call() == {"published": 0, "archived": 0}
    Item.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert publish_and_archive_due_items.call() == {"published": 1, "archived": 0}
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED and item.versions.get().published_by == bip_approver


def test_items_move_to_the_archive_when_due(units):
    item = publish_item(units, archive_at=timezone.now() + timedelta(days=30))
    Item.objects.filter(pk=item.pk).update(archive_at=timezone.now() - timedelta(minutes=1))
    assert publish_and_archive_due_items.call() == {"published": 0, "archived": 1}
    assert Item.objects.public().get(pk=item.pk).state == Item.State.ARCHIVED


def test_accessibility_statement_review_is_due_yearly(bip_approver, bulletin_settings):
    assert not any("accessibility" in i.title for i in attention_for(bip_approver))
    BulletinSettings.objects.filter(pk=bulletin_settings.pk).update(
        accessibility_reviewed_on=timezone.localdate() - timedelta(days=400)
    )
    assert any("accessibility statement" in i.title for i in attention_for(bip_approver))
