"""Forms of the performance module: they validate fields; the services enforce the rules."""

import math
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.org.forms import PersonChoiceField, UnitChoiceField
from magistrat.org.models import Unit
from magistrat.performance.charts import period_label
from magistrat.performance.models import Kpi, Objective
from magistrat.performance.models.kpis import MANUAL
from magistrat.performance.periods import last_ended, periods_between
from magistrat.performance.sources import registered_sources

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class FiniteFloatField(forms.FloatField):
    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise forms.ValidationError(_("Give a number."), code="invalid")
        return number


def _units():
    return Unit.objects.filter(is_active=True).order_by("code")


class ObjectiveForm(Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), max_length=5000, required=False, widget=TEXT)
    level = forms.ChoiceField(label=_("level"), choices=Objective.Level.choices)
    unit = UnitChoiceField(
        label=_("unit"), queryset=_units(), required=False, help_text=_("For a unit objective.")
    )
    parent = forms.ModelChoiceField(
        label=_("office objective it serves"),
        queryset=Objective.objects.filter(level=Objective.Level.OFFICE).order_by("title"),
        required=False,
    )
    owner = PersonChoiceField(label=_("owner"))
    year_from = forms.IntegerField(label=_("from year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("to year"), min_value=2000, max_value=2100)
    review_on = forms.DateField(label=_("next review"), required=False, widget=DATE)


class ObjectiveEditForm(ObjectiveForm):
    state = forms.ChoiceField(label=_("state"), choices=Objective.State.choices)


def source_choices() -> list[tuple[str, str]]:
    return [(MANUAL, str(_("entered by hand")))] + [(s.code, str(s.label)) for s in registered_sources()]


class KpiForm(Form):
    name = forms.CharField(label=_("name"), max_length=200)
    definition = forms.CharField(label=_("definition"), max_length=5000, required=False, widget=TEXT)
    source = forms.ChoiceField(label=_("data source"))
    unit_of_measure = forms.CharField(label=_("unit of measure"), max_length=20, required=False)
    direction = forms.ChoiceField(label=_("direction"), choices=Kpi.Direction.choices)
    target = FiniteFloatField(label=_("target"))
    amber_threshold = FiniteFloatField(
        label=_("amber threshold"), help_text=_("Worse than this value the light turns amber.")
    )
    red_threshold = FiniteFloatField(
        label=_("red threshold"), help_text=_("Worse than this value the light turns red.")
    )
    frequency = forms.ChoiceField(label=_("frequency"), choices=Kpi.Frequency.choices)
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("unit"), queryset=_units(), required=False)
    min_value = FiniteFloatField(label=_("lowest valid value"), required=False)
    max_value = FiniteFloatField(label=_("highest valid value"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()  # type: ignore[attr-defined]


class ValueForm(Form):
    period_start = forms.ChoiceField(label=_("period"))
    value = FiniteFloatField(label=_("value"))

    def __init__(self, *args, kpi: Kpi, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        _start, last = last_ended(today, kpi.frequency)
        first = date(max(kpi.objective.year_from, today.year - 3), 1, 1)
        periods = periods_between(first, min(last, date(kpi.objective.year_to, 12, 31)), kpi.frequency)
        self.fields["period_start"].choices = [  # type: ignore[attr-defined]
            (start.isoformat(), period_label(kpi, start)) for start, _end in reversed(periods)
        ]

    def clean_period_start(self) -> date:
        return date.fromisoformat(self.cleaned_data["period_start"])


class CommentForm(Form):
    text = forms.CharField(label=_("comment"), max_length=3000, widget=TEXT)


class MethodChangeForm(Form):
    effective_from = forms.DateField(label=_("effective from"), widget=DATE)
    description = forms.CharField(
        label=_("what changed"),
        max_length=3000,
        widget=TEXT,
        help_text=_("E.g. the survey's scale changed from 1–5 to 0–10."),
    )
