"""The catalogue's rule (`services.manage_catalogue`: a unit head edits their units' cards) is asked
by the pages and by the service itself, and publishing, withdrawing and handing a card over are
named events in the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from magistrat.core.models import AuditEntry
from magistrat.services import selectors, services
from magistrat.services.models import Service
from tests.services.test_catalogue import CARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(quality, units):
    return services.service_create(slug="dowod", unit=units["SA-01"], content=CARD, user=quality)


def update(card, user, **changes):
    fields = {"unit": card.unit, "is_published": card.is_published, "content": CARD} | changes
    return services.service_update(service=card, user=user, **fields)


def test_the_head_of_another_unit_cannot_change_the_card(card, fn_head, units):
    with pytest.raises(PermissionDenied):
        update(card, fn_head.user, is_published=False)
    with pytest.raises(PermissionDenied):
        update(card, fn_head.user, unit=units["FN"])
    card.refresh_from_db()
    assert card.is_published and card.unit == units["SA-01"]


def test_a_head_hands_a_card_only_to_units_of_their_own(card, sa_head, units):
    with pytest.raises(PermissionDenied):
        update(card, sa_head.user, unit=units["FN"])
    update(card, sa_head.user, unit=units["SA"])
    card.refresh_from_db()
    assert card.unit == units["SA"]
    [moved] = AuditEntry.objects.filter(action="services.service.moved")
    assert moved.data == {"from_unit": "SA-01", "to_unit": "SA"} and moved.actor_id == sa_head.user.pk


def test_withdrawing_and_publishing_are_named(card, sa_head):
    update(card, sa_head.user, is_published=False)
    update(card, sa_head.user, is_published=True)
    update(card, sa_head.user, is_published=True)  # no change: no event
    assert AuditEntry.objects.filter(action="services.service.withdrawn").count() == 1
    assert AuditEntry.objects.filter(action="services.service.published").count() == 1


def test_a_new_version_names_who_wrote_it(card, sa_head):
    update(card, sa_head.user, content=CARD | {"fees": "17 zł", "change_note": "Nowa opłata"})
    versioned = AuditEntry.objects.filter(action="services.service.versioned").order_by("id").last()
    assert versioned.actor_id == sa_head.user.pk
    assert versioned.data == {"version": 2, "note": "Nowa opłata"}


def test_the_selectors_give_a_head_their_units_only(card, sa_head, fn_head, units):
    assert selectors.managed_service_get(user=sa_head.user, slug="dowod") == card
    with pytest.raises(Http404):
        selectors.managed_service_get(user=fn_head.user, slug="dowod")
    assert set(selectors.managed_units(user=sa_head.user).values_list("code", flat=True)) == {"SA", "SA-01"}
    assert [s.slug for s in selectors.managed_services(user=fn_head.user)] == []


def test_history_page_three_users(client, card, sa_head, fn_head, clerk):
    url = reverse("services:service_history", args=["dowod"])
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(sa_head.user)
    assert client.get(url).status_code == 200
    client.force_login(fn_head.user)
    assert client.get(url).status_code == 404  # another unit's card does not exist for them
    client.force_login(clerk.user)
    assert client.get(url).status_code == 403
    assert Service.objects.count() == 1
