"""Forms of the context, the quality policy and the risk and opportunity register: they validate
fields; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.core.reference import localized
from magistrat.core.riskmatrix import default_matrix
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit
from magistrat.quality.forms import DATE, TEXT, PersonChoiceField
from magistrat.quality.models import ContextIssue, Process, QualityRisk

LONG = forms.Textarea(attrs={"rows": 8})


class IssueForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContextIssue.Kind.choices)
    category = forms.ChoiceField(label=_("category"), choices=ContextIssue.Category.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), max_length=5000, required=False, widget=TEXT)
    climate_related = forms.BooleanField(
        label=_("related to climate change"),
        required=False,
        help_text=_("ISO 9001 4.1 (Amendment 1:2024): whether climate change bears on this issue."),
    )
    active = forms.BooleanField(label=_("active"), required=False, initial=True)
    review_on = forms.DateField(label=_("review by"), widget=DATE)


class PartyForm(Form):
    name = forms.CharField(label=_("name"), max_length=200)
    requirements = forms.CharField(label=_("needs and expectations"), max_length=5000, widget=TEXT)
    monitoring = forms.CharField(label=_("how we follow them"), max_length=3000, required=False, widget=TEXT)
    active = forms.BooleanField(label=_("active"), required=False, initial=True)
    review_on = forms.DateField(label=_("review by"), widget=DATE)


class ContextReviewForm(Form):
    scope = forms.CharField(label=_("scope of the quality management system"), max_length=5000, widget=LONG)
    exclusions = forms.CharField(
        label=_("requirements not applicable, with the reason"), max_length=5000, required=False, widget=TEXT
    )
    climate_relevant = forms.TypedChoiceField(
        label=_("Is climate change a relevant issue for the office?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    climate_reason = forms.CharField(label=_("why (climate change)"), max_length=3000, widget=TEXT)
    next_review_on = forms.DateField(label=_("next review by"), widget=DATE)


class PolicyForm(Form):
    text = forms.CharField(
        label=_("text of the policy"),
        max_length=20_000,
        widget=LONG,
        help_text=_("Separate paragraphs with an empty line."),
    )
    review_on = forms.DateField(label=_("review by"), widget=DATE)


def _scale(name: str) -> list[tuple[int, str]]:
    return [
        (index, f"{index}: {localized(label)}") for index, label in enumerate(default_matrix()[name], start=1)
    ]


class RiskForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=QualityRisk.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), max_length=5000, required=False, widget=TEXT)
    area = forms.ChoiceField(label=_("concerns"), choices=QualityRisk.Area.choices)
    concerns = forms.CharField(label=_("which objective, task or process"), max_length=300)
    context_issue = forms.ModelChoiceField(
        label=_("arises from the context issue"),
        queryset=ContextIssue.objects.filter(active=True).order_by("title"),
        required=False,
    )
    process = forms.ModelChoiceField(
        label=_("process"), queryset=Process.objects.filter(active=True).order_by("code"), required=False
    )
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.filter(is_active=True).order_by("code"))
    owner = PersonChoiceField(label=_("owner"))
    likelihood = forms.TypedChoiceField(label=_("likelihood"), coerce=int, choices=())
    impact = forms.TypedChoiceField(label=_("impact (or benefit)"), coerce=int, choices=())
    response = forms.ChoiceField(label=_("response"), choices=QualityRisk.Response.choices)
    review_on = forms.DateField(label=_("review by"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = _scale("likelihood")
        self.fields["impact"].choices = _scale("impact")

    def values(self) -> dict:
        return dict(self.cleaned_data)


class RiskChangeForm(RiskForm):
    reason = forms.CharField(label=_("reason for the change"), max_length=3000, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]  # a risk does not become an opportunity: record a new one
