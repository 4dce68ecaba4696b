"""Forms of the trainings (the services check the rules)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.competence import mandatory, training_policy
from magistrat.competence.forms_model import DateInput
from magistrat.competence.models import Competence, Training, TrainingNeed
from magistrat.core.forms import Form
from magistrat.org.models import Staff, Unit


def _kpi_choices():
    from magistrat.performance.sources import registered_sources

    return [("", "–")] + [(s.code, str(s.label)) for s in registered_sources()]


class TrainingForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider_kind = forms.ChoiceField(label=_("Provider"), choices=Training.Provider.choices)
    provider = forms.CharField(label=_("Provider's name"), max_length=200, required=False)
    form = forms.ChoiceField(label=_("Form"), choices=Training.Form.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    cost = forms.DecimalField(label=_("Cost (PLN)"), min_value=0, max_digits=12, decimal_places=2)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences it develops"), queryset=Competence.objects.filter(is_active=True), required=False
    )
    mandatory_code = forms.ChoiceField(label=_("Mandatory training it fulfils"), required=False)
    behaviour_after_months = forms.IntegerField(
        label=_("Behaviour assessed by the superior after (months)"), min_value=1, max_value=24
    )
    kpi_code = forms.ChoiceField(label=_("KPI it should move (Kirkpatrick level 4)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandatory_code"].choices = [("", "–"), *mandatory.rule_choices()]
        self.fields["kpi_code"].choices = _kpi_choices()
        self.fields["behaviour_after_months"].initial = training_policy.value("behaviour_after_months")


class EnrolForm(Form):
    staff = forms.ModelChoiceField(label=_("Employee"), queryset=Staff.objects.none())

    def __init__(self, *args, staff_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_queryset is not None:
            self.fields["staff"].queryset = staff_queryset


class CompleteForm(Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput, initial=timezone.localdate)


class ScoresForm(Form):
    pre_score = forms.IntegerField(label=_("Test before (%)"), min_value=0, max_value=100, required=False)
    post_score = forms.IntegerField(label=_("Test after (%)"), min_value=0, max_value=100, required=False)


RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class RatingForm(Form):
    rating = forms.TypedChoiceField(label=_("Rating (1–5)"), choices=RATINGS, coerce=int)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CertificateForm(Form):
    file = forms.FileField(label=_("Certificate (PDF or image)"))
    number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput, required=False)


class NeedForm(Form):
    staff = forms.ModelChoiceField(label=_("Employee"), queryset=Staff.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.filter(is_active=True), required=False
    )
    description = forms.CharField(
        label=_("What is needed"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_cost = forms.DecimalField(
        label=_("Planned cost (PLN)"), initial=0, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, staff_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff_queryset is not None:
            self.fields["staff"].queryset = staff_queryset
        self.fields["year"].initial = timezone.localdate().year + 1


class NeedUpdateForm(Form):
    planned_cost = forms.DecimalField(
        label=_("Planned cost (PLN)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    actual_cost = forms.DecimalField(
        label=_("Actual cost (PLN)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", "–"), *TrainingNeed.State.choices], required=False
    )


class BudgetForm(Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(is_active=True).order_by("code")
    )
    amount = forms.DecimalField(label=_("Budget (PLN)"), min_value=0, max_digits=12, decimal_places=2)


class LeaveForm(Form):
    staff = forms.ModelChoiceField(
        label=_("Employee"), queryset=Staff.objects.filter(is_active=True).select_related("user")
    )
    kind = forms.ChoiceField(label=_("Purpose"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=60)
    study = forms.CharField(label=_("Studies or examination"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = training_policy.leave_choices()
