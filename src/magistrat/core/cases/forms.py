"""The forms every case page shares: an extension with its reasons, and a confirmed closing.

A register renames fields for its law (`labels`, e.g. udip's "reasons for the delay given to
the requester") instead of declaring the form again.
"""

from collections.abc import Sequence
from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form

CHOOSE = ("", _("— choose —"))
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(Form):
    labels: ClassVar[dict[str, object]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.fields[name].label = label


class ExtensionForm(CaseForm):
    """A new date, once, with the reasons told to the person."""

    extended_to = forms.DateField(label=_("new date"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("reasons for the extension"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class NoticedExtensionForm(ExtensionForm):
    """An extension the law wants notified within the first deadline: when the person was told."""

    notified_at = forms.DateTimeField(
        label=_("person told on"), widget=DATETIME_INPUT, initial=timezone.localtime
    )


class CloseForm(CaseForm):
    """The outcome that closes a case: nothing is chosen for the user, and closing is confirmed on
    the server too (a closed case leaves every list and cannot be reopened). Subclasses add what is
    recorded with the outcome (the reply); the confirmation stays last."""

    outcome = forms.ChoiceField(label=_("outcome"), choices=[])
    confirm = forms.BooleanField(
        label=_("I confirm closing the case with this outcome"),
        error_messages={"required": _("Confirm closing the case.")},
    )
    outcomes: ClassVar[Sequence[tuple[str, object]]] = ()

    def __init__(self, *args, outcomes: Sequence[tuple[str, object]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.outcomes if outcomes is None else outcomes
        self.fields["outcome"].choices = [CHOOSE, *choices]  # type: ignore[attr-defined]
        self.order_fields([name for name in self.fields if name != "confirm"] + ["confirm"])

    def service_data(self) -> dict:
        """The cleaned data for the service (the confirmation has done its job)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm"}
