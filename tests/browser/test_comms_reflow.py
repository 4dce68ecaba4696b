"""The residents' news pages on a phone: no sideways scrolling at 320 and 390 CSS px (WCAG 2.1
1.4.10) with long titles, words and links, a picture and filters; axe-core on each page."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_reflow import LONG_URL, LONG_WORD, PHONES, assert_reflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def news_pages(office, units, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from magistrat.comms.models import Category, District, NewsItem
    from magistrat.comms.services import news as services
    from tests.factories import StaffFactory, grant

    settings.COMMS_CHANNELS = {}
    editor = grant(StaffFactory(unit=units["SA"]).user, "communications_editor", units["SA"])
    approver = grant(StaffFactory(unit=units["FN"]).user, "communications_approver")
    category = Category.objects.create(name=f"Ochrona środowiska i {LONG_WORD}", slug="srodowisko")
    district = District.objects.create(name="Osiedle Słoneczne", slug="osiedle-sloneczne")
    news = services.news_save(
        news=NewsItem(
            title=f"Zbiórka odpadów wielkogabarytowych na osiedlu {LONG_WORD}",
            lead=f"Harmonogram: {LONG_URL}",
            body=f'<p>Szczegóły: <a href="{LONG_URL}">{LONG_URL}</a></p><p>{LONG_WORD}</p>',
            unit=units["SA"],
        ),
        by=editor,
        categories=[category],
        districts=[district],
    )
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (40, 120, 80)).save(buffer, "PNG")
    picture = buffer.getvalue()
    services.image_add(news=news, by=editor, upload=SimpleUploadedFile("mapa.png", picture), alt_text="Mapa")
    services.news_submit(news=news, by=editor)
    services.news_approve(news=news, approver=approver)
    return ["/aktualnosci/", "/aktualnosci/?osiedle=osiedle-sloneczne", f"/aktualnosci/{news.pk}/"]


@pytest.mark.parametrize("phone", PHONES, ids=lambda p: str(p["width"]))
def test_news_pages_reflow_on_a_phone(page, news_pages, phone):
    page.set_viewport_size(phone)
    for url in news_pages:
        page.goto(url)
        assert page.locator("main h1").count() == 1
        assert_reflows(page)
    assert_accessible(page)
