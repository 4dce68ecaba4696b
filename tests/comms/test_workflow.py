"""The newsroom's workflow: draft → submitted → approved (never by the author) → published (now
or at its time by the job) → expired or withdrawn; returns with a comment; each refusal changes
nothing; each step writes its named audit event."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from magistrat.comms.models import Delivery, NewsItem
from magistrat.comms.services import news as services
from magistrat.comms.services.delivery import deliver
from magistrat.comms.tasks import publish_expire_and_retry
from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry

pytestmark = pytest.mark.django_db
State = NewsItem.State


def actions(news) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(news.pk), action__startswith="comms.news.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_news_item_goes_from_draft_to_published_with_its_events(draft, editor, approver, null_channels):
    news = draft()
    assert news.state == State.DRAFT and news.author == editor
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    news.refresh_from_db()
    assert news.state == State.PUBLISHED and news.approved_by == approver and news.published_at
    assert actions(news)[:4] == [
        "comms.news.created",
        "comms.news.submitted",
        "comms.news.approved",
        "comms.news.published",
    ]
    assert NewsItem.objects.public().filter(pk=news.pk).exists()


def test_the_author_never_approves_their_own_item(draft, editor, units, no_channels):
    from tests.factories import grant

    grant(editor, "communications_approver")
    news = draft()
    services.news_submit(news=news, by=editor)
    with pytest.raises(ServiceError, match="another approver"):
        services.news_approve(news=news, approver=editor)
    news.refresh_from_db()
    assert news.state == State.SUBMITTED and news.approved_by is None


def test_an_editor_of_another_unit_cannot_touch_the_item(draft, other_editor, no_channels):
    news = draft()
    with pytest.raises(PermissionDenied):
        services.news_submit(news=news, by=other_editor)
    with pytest.raises(PermissionDenied):
        services.news_approve(news=news, approver=other_editor)


def test_a_returned_item_goes_back_to_draft_with_the_comment(draft, editor, approver, no_channels):
    news = draft()
    services.news_submit(news=news, by=editor)
    with pytest.raises(ServiceError):
        services.news_return(news=news, approver=approver, comment="  ")
    services.news_return(news=news, approver=approver, comment="Dodaj mapę objazdu.")
    news.refresh_from_db()
    assert news.state == State.DRAFT and news.return_comment == "Dodaj mapę objazdu."
    entry = AuditEntry.objects.get(action="comms.news.returned", object_id=str(news.pk))
    assert entry.data["comment"] == "Dodaj mapę objazdu."
    services.news_submit(news=news, by=editor)
    news.refresh_from_db()
    assert news.return_comment == ""


def test_a_later_publication_waits_for_the_job_and_expiry_takes_it_down(
    draft, editor, approver, null_channels
):
    now = timezone.now()
    news = draft(publish_at=now + timedelta(hours=2), expire_at=now + timedelta(days=3))
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    news.refresh_from_db()
    assert news.state == State.APPROVED and not news.deliveries.exists()
    assert publish_expire_and_retry.call()["published"] == 0
    NewsItem.objects.filter(pk=news.pk).update(publish_at=now - timedelta(minutes=1))
    assert publish_expire_and_retry.call()["published"] == 1
    news.refresh_from_db()
    assert news.state == State.PUBLISHED and news.deliveries.count() == 2
    NewsItem.objects.filter(pk=news.pk).update(expire_at=now - timedelta(seconds=1))
    assert publish_expire_and_retry.call()["expired"] == 1
    news.refresh_from_db()
    assert news.state == State.EXPIRED and not NewsItem.objects.public().filter(pk=news.pk).exists()


def test_the_body_is_sanitised_as_the_bip_does(draft, no_channels):
    news = draft(body="<p>Tekst <strong>ważny</strong></p>\n<p><a href='https://example.org'>link</a></p>")
    assert "<strong>ważny</strong>" in news.body and 'rel="noopener noreferrer"' in news.body
    with pytest.raises(ServiceError, match="onclick"):
        draft(title="Inny", body="<p onclick='x()'>a</p>")
    assert NewsItem.objects.count() == 1


def test_an_expiry_before_publication_is_refused(draft, no_channels):
    now = timezone.now()
    with pytest.raises(ServiceError):
        draft(publish_at=now + timedelta(days=2), expire_at=now + timedelta(days=1))
    assert not NewsItem.objects.exists()


def test_a_published_item_cannot_be_changed_but_can_be_withdrawn(published, editor, approver, null_channels):
    news = published()
    news.title = "Zmieniony"
    with pytest.raises(PermissionDenied):  # the rule: a published item is withdrawn, not rewritten
        services.news_save(news=news, by=editor)
    with pytest.raises(ServiceError):
        services.news_withdraw(news=news, by=approver, reason="")
    services.news_withdraw(news=news, by=approver, reason="Błędna data")
    news.refresh_from_db()
    assert news.state == State.WITHDRAWN
    assert set(news.deliveries.values_list("state", flat=True)) == {Delivery.State.WITHDRAWN}
    assert not NewsItem.objects.public().exists()


def test_a_message_over_a_channels_limit_without_an_adapted_text_is_refused(
    draft, editor, approver, null_channels
):
    news = draft(lead="Bardzo długi komunikat. " * 20)  # over Bluesky's 300 graphemes
    with pytest.raises(ServiceError, match="Bluesky"):
        services.news_submit(news=news, by=editor)
    news.refresh_from_db()
    assert news.state == State.DRAFT and not Delivery.objects.exists()
    news.channel_texts = {"bluesky": "Ulica Długa zamknięta od poniedziałku."}
    news.social_text = ""
    services.news_save(news=news, by=editor)
    with pytest.raises(ServiceError, match="Mastodon"):  # still too long for Mastodon (500)
        services.news_submit(news=news, by=editor)
    news.channel_texts = {
        "bluesky": "Ulica Długa zamknięta.",
        "mastodon": "Ulica Długa zamknięta od poniedziałku.",
    }
    services.news_save(news=news, by=editor)
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    news.refresh_from_db()
    assert news.state == State.PUBLISHED
    for delivery in news.deliveries.all():
        deliver(delivery.pk)
    assert [post.text.split("\n")[0] for post in null_channels["bluesky"].sent] == ["Ulica Długa zamknięta."]


def test_an_approver_adds_a_district_once_and_editors_cannot(approver, editor):
    from magistrat.comms.models import District
    from magistrat.comms.services import crisis

    district = crisis.taxonomy_add(by=approver, kind="district", name="  Stare Miasto ")
    assert (district.name, district.slug) == ("Stare Miasto", "stare-miasto")
    entry = AuditEntry.objects.get(action="comms.taxonomy.added")
    assert entry.actor == approver and entry.data["name"] == "Stare Miasto"
    with pytest.raises(ServiceError, match="already on the list"):
        crisis.taxonomy_add(by=approver, kind="district", name="Stare Miasto")
    with pytest.raises(PermissionDenied):
        crisis.taxonomy_add(by=editor, kind="category", name="Sport")
    assert (
        District.objects.count() == 1
        and AuditEntry.objects.filter(action="comms.taxonomy.added").count() == 1
    )
