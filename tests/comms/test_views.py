"""The newsroom's staff pages (editor, pictures, approval, per-channel preview and states, crisis)
and the residents' news pages (filters, search, feeds, sitemap)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from magistrat.comms.models import CrisisTemplate, Delivery, NewsImage, NewsItem
from magistrat.comms.services import crisis
from magistrat.comms.services import news as services
from magistrat.core.models import AuditEntry
from tests.conftest import verified_login

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_an_editor_writes_a_news_item_with_the_bips_editor(
    client, editor, units, category, district, no_channels
):
    verified_login(client, editor)
    page = client.get(reverse("comms:news_create"))
    assert (
        page.status_code == 200 and 'data-rich-text="1"' in page.text and "magistrat/editor.js" in page.text
    )
    answer = client.post(
        reverse("comms:news_create"),
        {
            "title": "Dni Miasta",
            "lead": "Zapraszamy na koncerty.",
            "body": "<p>Program <strong>festynu</strong></p>",
            "unit": units["SA"].pk,
            "categories": [category.pk],
            "districts": [district.pk],
            "text_bluesky": "Dni Miasta: koncerty w parku.",
        },
    )
    news = NewsItem.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("comms:news_detail", args=[news.pk])
    assert news.channel_texts == {"bluesky": "Dni Miasta: koncerty w parku."}
    assert list(news.districts.all()) == [district]


def test_a_control_character_is_refused_and_nothing_saved(client, editor, units, no_channels):
    verified_login(client, editor)
    answer = client.post(
        reverse("comms:news_create"), {"title": "A\x00B", "lead": "x", "unit": units["SA"].pk}
    )
    assert answer.status_code == 400 and not NewsItem.objects.exists()


def test_a_picture_needs_alt_text_and_must_be_what_it_says(client, editor, draft, no_channels):
    news = draft()
    verified_login(client, editor)
    url = reverse("comms:image_add", args=[news.pk])
    no_alt = client.post(url, {"file": SimpleUploadedFile("a.png", png()), "alt_text": " "})
    assert no_alt.status_code == 400 and "alternative text" in no_alt.text
    disguised = client.post(
        url, {"file": SimpleUploadedFile("a.png", b"MZ\x90\x00 not a picture"), "alt_text": "Mapa"}
    )
    assert disguised.status_code == 400 and "not a PNG file" in disguised.text
    pdf = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), "alt_text": "Mapa"})
    assert pdf.status_code == 400
    assert not NewsImage.objects.exists()
    ok = client.post(url, {"file": SimpleUploadedFile("a.png", png()), "alt_text": "Mapa objazdu"})
    assert ok.status_code == 302 and NewsImage.objects.get().alt_text == "Mapa objazdu"


def test_an_oversized_picture_is_refused(editor, draft, no_channels, monkeypatch):
    from magistrat.comms import policy
    from magistrat.core.exceptions import ServiceError

    news = draft()
    monkeypatch.setattr(policy, "value", lambda name: 1000 if name == "image_max_bytes" else 20)
    with pytest.raises(ServiceError, match="larger than"):
        services.image_add(
            news=news, by=editor, upload=SimpleUploadedFile("big.png", png(5000)), alt_text="Duże"
        )
    assert not NewsImage.objects.exists()


def test_the_detail_page_previews_each_channel_and_the_approver_approves(
    client, editor, approver, draft, null_channels
):
    news = draft()
    services.news_submit(news=news, by=editor)
    verified_login(client, approver)
    page = client.get(reverse("comms:news_detail", args=[news.pk]))
    assert page.status_code == 200
    assert "Preview per channel" in page.text and "of 300 characters" in page.text
    assert reverse("comms:news_approve", args=[news.pk]) in page.text
    queue = client.get(reverse("comms:approvals"))
    assert news.title in queue.text
    client.post(reverse("comms:news_approve", args=[news.pk]))
    news.refresh_from_db()
    assert news.state == NewsItem.State.PUBLISHED
    page = client.get(reverse("comms:news_detail", args=[news.pk]))
    assert "Withdraw the item" in page.text and page.text.count("<td>Mastodon</td>") == 1


def test_the_author_sees_no_approve_button(client, editor, draft, no_channels):
    from tests.factories import grant

    grant(editor, "communications_approver")
    news = draft()
    services.news_submit(news=news, by=editor)
    verified_login(client, editor)
    page = client.get(reverse("comms:news_detail", args=[news.pk]))
    assert reverse("comms:news_approve", args=[news.pk]) not in page.text
    answer = client.post(reverse("comms:news_approve", args=[news.pk]), follow=True)
    assert "another approver" in answer.text
    news.refresh_from_db()
    assert news.state == NewsItem.State.SUBMITTED


def test_retry_and_withdraw_from_the_channel_table(client, approver, published, settings):
    from magistrat.comms.connectors.null import NullConnector

    failing = NullConnector("mastodon", fail_with="Mastodon did not answer properly: 503")
    settings.COMMS_CHANNELS = {"mastodon": {"connector": failing}}
    news = published()
    from magistrat.comms.services.delivery import deliver

    delivery = deliver(Delivery.objects.get(news=news).pk)
    assert delivery.state == Delivery.State.FAILED
    verified_login(client, approver)
    page = client.get(reverse("comms:news_detail", args=[news.pk]))
    assert "Mastodon did not answer properly: 503" in page.text
    failing.fail_with = ""
    client.post(reverse("comms:delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.QUEUED and delivery.attempts == 0
    deliver(delivery.pk)
    client.post(reverse("comms:delivery_withdraw", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.WITHDRAWN
    assert AuditEntry.objects.filter(action="comms.delivery.withdrawn").count() == 1


def test_crisis_template_approved_by_another_sent_by_the_duty_officer_then_confirmed(
    client, approver, second_approver, duty_officer, units, null_channels
):
    template = crisis.template_save(
        template=CrisisTemplate(title="Awaria wodociągu", lead="Brak wody w centrum.", unit=units["SA"]),
        by=approver,
    )
    verified_login(client, duty_officer)
    client.post(reverse("comms:template_send", args=[template.pk]))
    assert not NewsItem.objects.exists()  # not approved yet: nothing sent
    from magistrat.core.exceptions import ServiceError

    with pytest.raises(ServiceError):
        crisis.template_approve(template=template, approver=approver)  # its author
    crisis.template_approve(template=template, approver=second_approver)
    answer = client.post(reverse("comms:template_send", args=[template.pk]))
    news = NewsItem.objects.get()
    assert answer["Location"] == reverse("comms:news_detail", args=[news.pk])
    assert news.state == NewsItem.State.PUBLISHED and news.is_crisis and news.deliveries.count() == 2
    from magistrat.comms.attention import news_attention

    assert any("Confirm the crisis message" in item.title for item in news_attention(approver))
    crisis.crisis_confirm(news=news, approver=approver)
    assert not any("Confirm the crisis message" in item.title for item in news_attention(approver))
    assert AuditEntry.objects.filter(action__in=["comms.crisis.sent", "comms.crisis.confirmed"]).count() == 2


def test_public_list_filters_search_and_item(client, published, draft, category, district, no_channels):
    news = published(title="Remont mostu na rzece", lead="Most będzie zamknięty przez miesiąc.")
    other = draft(title="Szkic niewidoczny")
    index = client.get(reverse("comms_public:index"))
    assert index.status_code == 200 and news.title in index.text and other.title not in index.text
    assert news.title in client.get(reverse("comms_public:index"), {"osiedle": district.slug}).text
    assert news.title in client.get(reverse("comms_public:index"), {"kategoria": category.slug}).text
    found = client.get(reverse("comms_public:index"), {"q": "mosty"})  # another form of the word
    assert news.title in found.text
    assert news.title not in client.get(reverse("comms_public:index"), {"q": "basen"}).text
    page = client.get(reverse("comms_public:item", args=[news.pk]))
    assert page.status_code == 200 and 'name="viewport"' in page.text
    assert client.get(reverse("comms_public:item", args=[other.pk])).status_code == 404


def test_feeds_and_sitemap_list_published_news(client, published, no_channels):
    news = published()
    for name in ("comms_public:rss", "comms_public:atom", "comms_public:sitemap"):
        answer = client.get(reverse(name))
        assert answer.status_code == 200 and news.public_path() in answer.content.decode(), name


def test_a_public_picture_is_served_only_for_published_news(client, editor, draft, approver, no_channels):
    news = draft()
    image = services.image_add(
        news=news, by=editor, upload=SimpleUploadedFile("a.png", png()), alt_text="Mapa"
    )
    assert client.get(reverse("comms_public:image", args=[image.pk])).status_code == 404
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    answer = client.get(reverse("comms_public:image", args=[image.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    page = client.get(reverse("comms_public:item", args=[news.pk]))
    assert 'alt="Mapa"' in page.text
