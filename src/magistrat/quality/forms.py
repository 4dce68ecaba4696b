"""Forms of the quality module: they validate fields; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.org.forms import PersonChoiceField, UnitChoiceField
from magistrat.org.models import Unit
from magistrat.quality import policy
from magistrat.quality.models import ISHIKAWA, EffectivenessCheck

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ActionForm(Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), max_length=5000, required=False, widget=TEXT)
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.filter(is_active=True).order_by("code"))
    due_on = forms.DateField(label=_("deadline"), widget=DATE)


class DoneForm(Form):
    note = forms.CharField(label=_("what was done"), max_length=3000, required=False, widget=TEXT)


class NcForm(Form):
    """A new record: raised by the quality manager, or reported by any member of staff."""

    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("what happened"), max_length=10_000, widget=TEXT)
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.filter(is_active=True).order_by("code"))
    detected_on = forms.DateField(label=_("detected"), widget=DATE)
    correction = forms.CharField(
        label=_("immediate correction"),
        max_length=5000,
        required=False,
        widget=TEXT,
        help_text=_("What was done at once to contain the problem (ISO 9001 10.2.1 a)."),
    )


class AnalysisForm(Form):
    correction = forms.CharField(
        label=_("immediate correction"), max_length=5000, required=False, widget=TEXT
    )
    root_cause = forms.CharField(label=_("root cause"), max_length=5000, widget=TEXT)
    similar_elsewhere = forms.CharField(
        label=_("similar nonconformities elsewhere?"),
        max_length=5000,
        required=False,
        widget=TEXT,
        help_text=_(
            "Do similar nonconformities exist, or could they occur, in other units (ISO 9001 10.2.1 b)?"
        ),
    )
    risk_updates = forms.CharField(
        label=_("updates to risks and opportunities"), max_length=5000, required=False, widget=TEXT
    )
    qms_updates = forms.CharField(
        label=_("changes to the management system"), max_length=5000, required=False, widget=TEXT
    )

    def __init__(self, *args, nc=None, **kwargs):
        if nc is not None and "initial" not in kwargs:
            initial = {
                "correction": nc.correction,
                "root_cause": nc.root_cause,
                "similar_elsewhere": nc.similar_elsewhere,
                "risk_updates": nc.risk_updates,
                "qms_updates": nc.qms_updates,
            }
            for index, line in enumerate(nc.whys, start=1):
                initial[f"why_{index}"], initial[f"because_{index}"] = line["why"], line["because"]
            initial |= {f"cause_{key}": text for key, text in nc.causes.items()}
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for index in range(1, policy.value("max_whys") + 1):
            self.fields[f"why_{index}"] = forms.CharField(
                label=_("Why? (%(n)d)") % {"n": index}, max_length=500, required=False
            )
            self.fields[f"because_{index}"] = forms.CharField(
                label=_("Because (%(n)d)") % {"n": index}, max_length=500, required=False
            )
        for key, label in ISHIKAWA.items():
            self.fields[f"cause_{key}"] = forms.CharField(
                label=label, max_length=2000, required=False, widget=TEXT
            )

    def main_fields(self):
        return [
            self[name]
            for name in ("correction", "root_cause", "similar_elsewhere", "risk_updates", "qms_updates")
        ]

    def why_rows(self):
        return [
            (self[f"why_{index}"], self[f"because_{index}"])
            for index in range(1, policy.value("max_whys") + 1)
        ]

    def cause_fields(self):
        return [self[f"cause_{key}"] for key in ISHIKAWA]

    def whys(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"why": data.get(f"why_{i}", ""), "because": data.get(f"because_{i}", "")}
            for i in range(1, policy.value("max_whys") + 1)
        ]

    def causes(self) -> dict:
        return {key: self.cleaned_data.get(f"cause_{key}", "") for key in ISHIKAWA}


class ConfirmForm(Form):
    verdict = forms.ChoiceField(
        label=_("decision"), choices=EffectivenessCheck.Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("reasons for the decision"), max_length=3000, required=False, widget=TEXT)


class CloseForm(Form):
    note = forms.CharField(label=_("closing note"), max_length=3000, required=False, widget=TEXT)
