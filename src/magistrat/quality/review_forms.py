"""Forms of the management review: they validate fields; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit
from magistrat.quality.forms import DATE, TEXT, PersonChoiceField
from magistrat.quality.models import ReviewDecision
from magistrat.quality.review_inputs import CLAUSES


class ReviewForm(Form):
    title = forms.CharField(label=_("title"), max_length=200)
    period_start = forms.DateField(label=_("period from"), widget=DATE)
    period_end = forms.DateField(label=_("period to"), widget=DATE)
    planned_on = forms.DateField(label=_("planned for"), widget=DATE)


class CommentForm(Form):
    clause = forms.ChoiceField(choices=[(key, key) for key in CLAUSES], widget=forms.HiddenInput)
    text = forms.CharField(label=_("comment"), max_length=5000, required=False, widget=TEXT)


class HoldForm(Form):
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    chair = PersonChoiceField(label=_("chaired by"))
    participants = forms.CharField(label=_("participants"), max_length=3000, widget=TEXT)
    conclusions = forms.CharField(
        label=_("conclusions"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6})
    )


class DecisionForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ReviewDecision.Kind.choices)
    text = forms.CharField(label=_("decision"), max_length=3000, widget=TEXT)
    owner = PersonChoiceField(label=_("action owner"), required=False)
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.filter(is_active=True), required=False)
    due_on = forms.DateField(label=_("deadline"), widget=DATE, required=False)
