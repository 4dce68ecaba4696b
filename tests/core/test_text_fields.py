"""Every text field refuses NUL and other control characters, through one shared validator."""

import importlib
import pkgutil

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

import magistrat
from magistrat.core.forms import TextRulesMixin
from magistrat.core.text import has_control_characters, strip_control_characters


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _project_forms():
    for module in pkgutil.walk_packages(magistrat.__path__, "magistrat."):
        if ".migrations" in module.name or module.name.endswith((".wsgi", ".asgi", ".__main__")):
            continue
        importlib.import_module(module.name)
    return {
        cls
        for cls in _all_subclasses(forms.BaseForm)
        if cls.__module__.startswith("magistrat.") and cls.__module__ != "magistrat.core.forms"
    }


def test_every_project_form_uses_the_shared_text_rules():
    found = _project_forms()
    assert len(found) > 50
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in found if not issubclass(cls, TextRulesMixin)
    )
    assert missing == []


@pytest.mark.parametrize("bad", ["a\x00b", "\x1b[31mred", "bell\x07", "del\x7f", "c1\x85"])
def test_control_characters_are_found(bad):
    assert has_control_characters(bad)
    assert has_control_characters({"comment": bad})
    assert has_control_characters([["x", bad]])
    assert not has_control_characters(strip_control_characters(bad))


@pytest.mark.parametrize("good", ["Zażółć gęślą jaźń", "line one\nline two\r\n\ttabbed", "", "€ 100"])
def test_ordinary_text_passes(good):
    assert not has_control_characters(good)


@given(st.text())
def test_stripping_leaves_no_control_character(text):
    assert not has_control_characters(strip_control_characters(text))


def test_a_form_refuses_control_characters_with_a_message():
    from magistrat.core.views import AuditFilterForm

    form = AuditFilterForm({"q": "urząd\x00"})
    assert not form.is_valid()
    assert form.errors["q"] == ["Usuń z tekstu znaki sterujące (np. bajt NUL) – nie można ich zapisać."]
    assert AuditFilterForm({"q": "urząd\nmiasta"}).is_valid()
