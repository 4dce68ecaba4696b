import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.feedback.models import ServicePoint, SurveyVersion, localized
from magistrat.feedback.services import SCALES
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit

SCALE_WORDS = {
    "csat": {1: _("very bad"), 2: _("bad"), 3: _("so-so"), 4: _("good"), 5: _("very good")},
    "ces": {1: _("very hard"), 7: _("very easy")},
    "nps": {0: _("not at all likely"), 10: _("extremely likely")},
}


class SurveyForm(forms.Form):
    """The survey of one version as an accessible HTML form (radio buttons, check boxes, text)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, version: SurveyVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        for question in version.questions:
            label, kind = localized(question["text"]), question["type"]
            if kind in SCALES:
                low, high = SCALES[kind]
                words = SCALE_WORDS[kind]
                choices = [(n, f"{n} – {words[n]}" if n in words else str(n)) for n in range(low, high + 1)]
                field: forms.Field = forms.TypedChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.get("required", False),
                )
            elif kind in ("tags", "choice"):
                choices = [(o["id"], localized(o["text"])) for o in question["options"]]
                field = (
                    forms.MultipleChoiceField(
                        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                    )
                    if kind == "tags"
                    else forms.ChoiceField(
                        label=label, choices=choices, widget=forms.RadioSelect, required=False
                    )
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=question.get("max_length", 1000),
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            self.fields[f"q_{question['id']}"] = field

    def answers(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("q_")}


class ServicePointForm(forms.ModelForm):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active())

    class Meta:
        model = ServicePoint
        fields = ["code", "name", "kind", "building", "unit", "staffed_by", "survey", "is_active"]


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("device name"), max_length=100)


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("reason for leaving it out of statistics"), max_length=300)


class TargetForm(forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active())
    target_percent = forms.IntegerField(
        label=_("target share of satisfied residents (%)"), min_value=0, max_value=100
    )
