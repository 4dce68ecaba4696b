"""The item text: plain text (typed without the editor, or pasted) becomes paragraphs; HTML from
the editor goes through the same sanitiser as before."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from magistrat.bip.models import Item
from magistrat.bip.services import body_html
from tests.bip.test_staff import form_data

pytestmark = pytest.mark.django_db


def test_blank_lines_make_paragraphs_and_newlines_line_breaks():
    text = "Zawiadomienie\r\n\r\nRada Miasta postanawia:\n– nadać nazwę,\n– ogłosić.\n\n\n  Koniec.  "
    assert body_html(text) == (
        "<p>Zawiadomienie</p>\n"
        "<p>Rada Miasta postanawia:<br>\n– nadać nazwę,<br>\n– ogłosić.</p>\n"
        "<p>Koniec.</p>"
    )


def test_plain_text_is_still_sanitised_and_inline_markup_kept():
    assert body_html("a < b oraz <strong>ważne</strong>\n\ndalej") == (
        "<p>a &lt; b oraz <strong>ważne</strong></p>\n<p>dalej</p>"
    )
    with pytest.raises(ValidationError):
        body_html("tekst\n\n<script>alert(1)</script>")


def test_html_is_left_to_the_sanitiser():
    html = "<h2>Uzasadnienie</h2>\n\n<p>Rada <b>postanawia</b>.</p>"
    assert body_html(html) == "<h2>Uzasadnienie</h2>\n\n<p>Rada <b>postanawia</b>.</p>"
    assert body_html("") == "" and body_html("  \n\n ") == ""


def test_the_form_without_javascript_saves_plain_text_as_paragraphs(client, units, sa_editor):
    client.force_login(sa_editor)
    response = client.post(
        reverse("bip:item_create"), form_data(units, body="Pierwszy akapit.\n\nDrugi akapit,\nz nową linią.")
    )
    assert response.status_code == 302
    assert Item.objects.get().body == "<p>Pierwszy akapit.</p>\n<p>Drugi akapit,<br>\nz nową linią.</p>"


def test_the_form_loads_the_editor_and_keeps_the_textarea(client, units, sa_editor):
    client.force_login(sa_editor)
    html = client.get(reverse("bip:item_create")).content.decode()
    # Progressive enhancement: the textarea is there for everyone, the editor's files only here.
    assert '<textarea name="body"' in html and "data-rich-text" in html
    for asset in ("vendor/squire.js", "vendor/purify.min.js", "magistrat/editor.js", "magistrat/editor.css"):
        assert asset in html
    assert 'id="rich-text-toolbar"' in html and 'role="toolbar"' in html
    assert "editor.js" not in client.get(reverse("bip:item_list")).content.decode()
