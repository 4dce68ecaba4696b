import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form, ModelForm
from magistrat.core.reference import localized
from magistrat.feedback.models import ServicePoint, SurveyVersion
from magistrat.feedback.services.surveys import SCALES
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit

SCALE_WORDS = {
    "csat": {1: _("very bad"), 2: _("bad"), 3: _("so-so"), 4: _("good"), 5: _("very good")},
    "ces": {1: _("very hard"), 7: _("very easy")},
    "nps": {0: _("not at all likely"), 10: _("extremely likely")},
}


class SurveyForm(Form):
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


class ServicePointForm(ModelForm):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active())

    class Meta:
        model = ServicePoint
        fields = ["code", "name", "kind", "building", "unit", "staffed_by", "survey", "is_active"]


class DeviceForm(Form):
    name = forms.CharField(label=_("device name"), max_length=100)


class ExcludeForm(Form):
    reason = forms.CharField(label=_("reason for leaving it out of statistics"), max_length=300)


class TargetForm(Form):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active())
    target_percent = forms.IntegerField(
        label=_("target share of satisfied residents (%)"), min_value=0, max_value=100
    )


class SurveyEditForm(Form):
    name_pl = forms.CharField(label=_("title (Polish)"), max_length=200)
    name_en = forms.CharField(label=_("title (English)"), max_length=200, required=False)
    change_note = forms.CharField(label=_("what changed and why"), max_length=300)


class QuestionForm(Form):
    """One question of a survey; options are written one per line as "id | Polish | English"."""

    KINDS = [
        ("csat", _("satisfaction, 1–5 (CSAT)")),
        ("nps", _("recommendation, 0–10 (NPS)")),
        ("ces", _("effort, 1–7 (CES)")),
        ("choice", _("one of several options")),
        ("tags", _("any of several options (reason tags)")),
        ("text", _("free text (scrubbed of personal data)")),
    ]
    id = forms.SlugField(label=_("identifier"), max_length=30)
    type = forms.ChoiceField(label=_("type"), choices=KINDS)
    required = forms.BooleanField(label=_("required"), required=False)
    text_pl = forms.CharField(label=_("question (Polish)"), max_length=300)
    text_en = forms.CharField(label=_("question (English)"), max_length=300, required=False)
    options = forms.CharField(
        label=_("options: one per line, id | Polish | English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    max_length = forms.IntegerField(
        label=_("longest answer (characters)"), required=False, min_value=1, max_value=4000
    )

    def clean_options(self) -> list[dict]:
        options = []
        for number, line in enumerate(self.cleaned_data["options"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(_("Line %(n)d: write id | Polish | English.") % {"n": number})
            text = {"pl": parts[1]} | ({"en": parts[2]} if len(parts) > 2 and parts[2] else {})
            options.append({"id": parts[0], "text": text})
        return options

    def question(self) -> dict:
        data = self.cleaned_data
        question = {"id": data["id"], "type": data["type"]}
        if data["required"]:
            question["required"] = True
        question["text"] = {"pl": data["text_pl"]} | ({"en": data["text_en"]} if data["text_en"] else {})
        if data["type"] in ("choice", "tags"):
            question["options"] = data["options"]
        if data["type"] == "text":
            question["max_length"] = data["max_length"] or 1000
        return question

    @staticmethod
    def initial_of(question: dict) -> dict:
        options = "\n".join(
            " | ".join([o["id"], o["text"].get("pl", ""), o["text"].get("en", "")]).rstrip(" |")
            for o in question.get("options", [])
        )
        return {
            "id": question["id"],
            "type": question["type"],
            "required": question.get("required", False),
            "text_pl": question["text"].get("pl", ""),
            "text_en": question["text"].get("en", ""),
            "options": options,
            "max_length": question.get("max_length"),
        }


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True, can_order=True, max_num=30)
