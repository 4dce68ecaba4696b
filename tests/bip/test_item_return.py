"""An approver returns a submitted item to its editors with a comment: kept, shown, notified."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from magistrat.bip import services
from magistrat.bip.attention import bulletin_attention
from magistrat.bip.models import Category, Item, ItemReturn
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry, Notification
from tests.conftest import verified_login
from tests.factories import StaffFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(units, sa_editor):
    item = services.item_save(
        item=Item(
            category=Category.objects.get(slug="ogloszenia"),
            unit=units["SA"],
            slug="konsultacje",
            title="Konsultacje społeczne",
            body="<p>Zapraszamy.</p>",
            produced_by="Wydział Spraw Obywatelskich",
            responsible_name="Anna Kowalska",
            responsible="Naczelnik Wydziału",
            produced_on="2026-03-01",
            entered_by=sa_editor,
        )
    )
    submitter = grant(StaffFactory(unit=units["SA"]).user, "bip_editor", units["SA"])
    return services.item_submit(item=item, by=submitter)


def test_return_sends_the_item_back_as_a_draft_with_the_comment(submitted, sa_editor, bip_approver):
    returned = services.item_return(
        item=submitted, approver=bip_approver, comment="  Proszę dopisać termin konsultacji.  "
    )
    submitted.refresh_from_db()
    assert submitted.state == Item.State.DRAFT and submitted.approved_by is None
    assert returned.comment == "Proszę dopisać termin konsultacji." and returned.returned_by == bip_approver
    assert submitted.open_return == returned
    entry = AuditEntry.objects.get(action="bip.item.returned")
    assert entry.object_id == str(submitted.pk) and entry.actor == bip_approver
    assert entry.data["comment"] == "Proszę dopisać termin konsultacji."
    # The author and the one who submitted it are told; the approver is not.
    notified = Notification.objects.filter(url=reverse("bip:item_detail", args=[submitted.pk]))
    assert {n.user for n in notified} == {sa_editor, submitted.submitted_by}
    assert all(n.body == "Proszę dopisać termin konsultacji." for n in notified)


def test_history_of_returns_is_kept_and_answered_by_submitting_again(submitted, bip_approver):
    first = services.item_return(item=submitted, approver=bip_approver, comment="Termin?")
    services.item_submit(item=submitted)
    first.refresh_from_db()
    assert first.resolved_at is not None and submitted.open_return is None
    second = services.item_return(item=submitted, approver=bip_approver, comment="Jeszcze adres.")
    assert list(submitted.returns.order_by("created_at", "pk")) == [first, second]
    assert Item.objects.get(pk=submitted.pk).open_return == second


def test_refusals(submitted, sa_editor, bip_approver):
    with pytest.raises(ServiceError) as empty:
        services.item_return(item=submitted, approver=bip_approver, comment="   ")
    assert empty.value.field == "comment"
    with pytest.raises(ServiceError) as long:
        services.item_return(item=submitted, approver=bip_approver, comment="x" * 2001)
    assert long.value.field == "comment"
    with pytest.raises(PermissionDenied):  # the service asks itself, not only the view
        services.item_return(item=submitted, approver=sa_editor, comment="Popraw.")
    services.item_return(item=submitted, approver=bip_approver, comment="Popraw.")
    with pytest.raises(ServiceError):  # a draft is not waiting for approval
        services.item_return(item=submitted, approver=bip_approver, comment="Popraw.")
    assert ItemReturn.objects.count() == 1


def test_editor_sees_the_comment_on_the_item_the_list_and_the_home_page(
    client, submitted, sa_editor, bip_approver
):
    services.item_return(item=submitted, approver=bip_approver, comment="Proszę dopisać termin.")
    client.force_login(sa_editor)
    detail = client.get(reverse("bip:item_detail", args=[submitted.pk])).content.decode()
    assert 'class="returned-notice"' in detail and "Proszę dopisać termin." in detail
    assert "Proszę dopisać termin." in client.get(reverse("bip:item_list")).content.decode()
    attention = bulletin_attention(sa_editor)
    returned = [a for a in attention if a.url == reverse("bip:item_detail", args=[submitted.pk])]
    assert len(returned) == 1 and returned[0].detail == "Proszę dopisać termin."
    assert returned[0].title.startswith("Zwrócono do poprawy")
    assert "Proszę dopisać termin." in client.get(reverse("core:home")).content.decode()


def test_the_return_form_is_shown_to_approvers_of_submitted_items(client, submitted, sa_editor, bip_approver):
    url = reverse("bip:item_detail", args=[submitted.pk])
    client.force_login(sa_editor)
    assert reverse("bip:item_return", args=[submitted.pk]) not in client.get(url).content.decode()
    verified_login(client, bip_approver)
    assert reverse("bip:item_return", args=[submitted.pk]) in client.get(url).content.decode()


def test_return_view_permissions(client, units, submitted, bip_approver):
    url = reverse("bip:item_return", args=[submitted.pk])
    data = {"comment": "Proszę poprawić tytuł."}
    assert client.post(url, data).status_code == 302 and "/login/" in client.post(url, data)["Location"]
    other_unit_editor = grant(StaffFactory(unit=units["FN"]).user, "bip_editor", units["FN"])
    client.force_login(other_unit_editor)
    assert client.post(url, data).status_code == 403
    client.force_login(UserFactory())  # no role at all
    assert client.post(url, data).status_code == 403
    assert Item.objects.get(pk=submitted.pk).state == Item.State.SUBMITTED
    verified_login(client, bip_approver)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse(
        "bip:item_detail", args=[submitted.pk]
    )
    assert Item.objects.get(pk=submitted.pk).state == Item.State.DRAFT


def test_return_view_refuses_an_empty_comment_and_changes_nothing(client, submitted, bip_approver):
    verified_login(client, bip_approver)
    response = client.post(reverse("bip:item_return", args=[submitted.pk]), {"comment": ""}, follow=True)
    assert response.status_code == 200 and Item.objects.get(pk=submitted.pk).state == Item.State.SUBMITTED
    assert ItemReturn.objects.count() == 0
    assert any(m.level_tag == "error" for m in response.context["messages"])
