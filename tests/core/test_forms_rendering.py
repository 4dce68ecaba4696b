"""Every form is rendered the gov.pl way (core/renderers.py, templates/includes/form.html): optional
fields say "(optional)", a failed submit opens with an error summary linking to each invalid field."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from magistrat.core.forms import Form
from magistrat.core.renderers import BoundField


class ContactForm(Form):
    kind = forms.ChoiceField(
        label="What do you submit?", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    subject = forms.CharField(label="Subject", help_text="In a few words.")
    phone = forms.CharField(label="Phone", required=False)
    question = forms.CharField(label="Anything else?", required=False)
    tags = forms.MultipleChoiceField(
        label="Tags", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )
    unit = forms.ChoiceField(label="Unit", choices=[("", "–"), ("SA", "SA")], required=False)
    consent = forms.BooleanField(label="I agree to be called", required=False)
    key = forms.CharField(widget=forms.HiddenInput, required=False)


class FilterForm(Form):
    q = forms.CharField(label="Search", required=False)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_optional_fields_say_so_in_their_label():
    form = ContactForm()
    assert isinstance(form["phone"], BoundField)
    assert form["phone"].label_tag() == (
        '<label for="id_phone">Phone <span class="optional">(optional)</span>:</label>'
    )
    # No suffix after a question mark, also with the marker; legends of groups are marked too.
    question = form["question"].label_tag()
    assert question.endswith('Anything else? <span class="optional">(optional)</span></label>')
    assert "(optional)" in form["tags"].legend_tag()
    assert "(optional)" in form["unit"].label_tag()
    # Required fields, a lone tick box and hidden fields carry no marker.
    assert "(optional)" not in form["subject"].label_tag()
    assert "(optional)" not in form["kind"].legend_tag()
    assert "(optional)" not in form["consent"].label_tag()
    assert " required " in str(form["subject"])
    # A form of optional fields only (a search filter) marks nothing.
    assert "(optional)" not in FilterForm()["q"].label_tag()
    # The shared include and {{ form }} render the same labels.
    assert 'Phone <span class="optional">(optional)</span>:' in render_to_string(
        "includes/form.html", {"form": form}
    )
    assert 'Phone <span class="optional">(optional)</span>:' in str(form)


def test_a_failed_submit_opens_with_a_linked_error_summary():
    form = ContactForm(data={"phone": "x" * 3})
    assert not form.is_valid()
    for html in (render_to_string("includes/form.html", {"form": form}), str(form)):
        summary = re.search(r'<div class="error-summary[^"]*"([^>]*)>(.*?)</div>', html, re.S)
        assert summary, html
        attributes, body = summary.groups()
        assert 'role="alert"' in attributes and 'tabindex="-1"' in attributes and "autofocus" in attributes
        assert "There is a problem" in body
        links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', body)
        assert [target for target, _ in links] == ["id_kind_0", "id_subject"]  # the radio's first option
        assert links[1][1] == "Subject: This field is required."
        assert links[0][1] == "What do you submit? This field is required."  # no colon after a question
        for target, _ in links:
            assert f'id="{target}"' in html
        assert html.index("error-summary") < html.index('name="subject"')  # at the top of the form
        assert 'aria-invalid="true" aria-describedby="id_subject_helptext id_subject_error"' in html
    assert "error-summary" not in render_to_string("includes/form.html", {"form": ContactForm()})


def test_errors_of_the_whole_form_and_of_hidden_fields_are_listed_without_links():
    form = ContactForm(data={"kind": "a", "subject": "Ławki"})
    assert form.is_valid()
    form.add_error(None, "The office is closed today.")
    form.add_error("key", "The form has expired.")
    html = render_to_string("includes/form.html", {"form": form})
    assert "<li>The office is closed today.</li>" in html
    assert "<li>The form has expired.</li>" in html
    assert "<a href" not in html.split("error-summary")[1].split("</div>")[0]


@pytest.mark.django_db
def test_the_public_complaint_form_links_every_error_to_its_field(client, office):
    response = client.post(reverse("registers_public:submit"), {"subject": "", "website": ""})  # sent empty
    html = response.content.decode()
    targets = re.findall(r'<li><a href="#([^"]+)">', html)
    assert targets == [
        "id_kind_0",
        "id_subject",
        "id_content",
        "id_submitter_name",
        "id_submitter_address",
    ]
    for target in targets:
        assert f'id="{target}"' in html
    assert 'class="optional"' in html.split('for="id_submitter_phone"')[1].split("</label>")[0]
