"""Base classes of every form in Magistrat.

Every form subclasses `Form` or `ModelForm` from here (tests/core/test_text_fields.py checks it),
so that rules for all text fields live in one place: control characters are refused
(`magistrat.core.text`) in every text field, whatever the form.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from magistrat.core.text import no_control_characters


class TextRulesMixin:
    """Adds the shared text validator to each text field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
                # Ours covers NUL too: one message, not Django's "Null characters are not allowed." as well.
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [no_control_characters]


class Form(TextRulesMixin, forms.Form):
    pass


class ModelForm(TextRulesMixin, forms.ModelForm):
    pass


class ReasonForm(Form):
    """Why: a withdrawal, a cancellation, a dismissal, a removal (every module's one reason field)."""

    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
