"""Forms of the process map: a process's description and an interaction."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit
from magistrat.quality.forms import TEXT, PersonChoiceField
from magistrat.quality.models import Document, Process


class ProcessForm(Form):
    code = forms.CharField(label=_("code"), max_length=7, help_text=_("e.g. P-01"))
    name = forms.CharField(label=_("name"), max_length=200)
    category = forms.ChoiceField(label=_("kind"), choices=Process.Category.choices)
    purpose = forms.CharField(label=_("purpose"), max_length=3000, widget=TEXT)
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("leading unit"), queryset=Unit.objects.filter(is_active=True))
    other_units = forms.ModelMultipleChoiceField(
        label=_("other units taking part"),
        queryset=Unit.objects.filter(is_active=True).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    inputs = forms.CharField(label=_("inputs"), max_length=3000, widget=TEXT)
    outputs = forms.CharField(label=_("outputs"), max_length=3000, widget=TEXT)
    suppliers = forms.CharField(label=_("suppliers"), max_length=2000, required=False, widget=TEXT)
    customers = forms.CharField(label=_("customers"), max_length=2000, required=False, widget=TEXT)
    services = forms.ModelMultipleChoiceField(
        label=_("catalogue services delivered"),
        queryset=apps.get_model("services", "Service").objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    kpis = forms.ModelMultipleChoiceField(
        label=_("KPIs"),
        queryset=apps.get_model("performance", "Kpi").objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("documents"),
        queryset=Document.objects.order_by("number"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the other modules' records by model label: quality imports none of them (tests/test_layers.py)
        self.fields["services"].queryset = apps.get_model("services", "Service").objects.order_by("slug")
        self.fields["kpis"].queryset = apps.get_model("performance", "Kpi").objects.order_by("pk")


class LinkForm(Form):
    target = forms.ModelChoiceField(label=_("to the process"), queryset=Process.objects.filter(active=True))
    flow = forms.CharField(label=_("what flows"), max_length=200)
