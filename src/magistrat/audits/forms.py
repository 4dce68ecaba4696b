"""Forms of the audit pages (every form subclasses core's, which refuses control characters)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from magistrat.audits.models import Auditor, ChecklistItem, Clause, Finding, RiskLevel
from magistrat.core.forms import Form
from magistrat.org.models import Unit


def _units():
    return Unit.objects.active().order_by("code")


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class ClauseChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.catalogue.name} — {obj.ref} {obj.title}"


class ProgrammeForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, max_length=5000)


class EntryForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    process = forms.CharField(label=_("Process"), max_length=200, required=False)
    risk = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    rationale = forms.CharField(
        label=_("Why this risk level"), widget=forms.Textarea, max_length=2000, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class AuditorForm(Form):
    user = UserChoice(label=_("Person"), queryset=get_user_model().objects.none())
    responsible_units = forms.ModelMultipleChoiceField(
        label=_("Units whose work they are responsible for"), queryset=Unit.objects.none(), required=False
    )
    responsible_processes = forms.CharField(
        label=_("Processes they are responsible for (one per line)"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, staff__isnull=False, auditor__isnull=True)
        self.fields["user"].queryset = users.order_by("last_name", "first_name")
        self.fields["responsible_units"].queryset = _units()


class QualificationForm(Form):
    title = forms.CharField(label=_("Qualification"), max_length=200)
    standards = forms.CharField(
        label=_("Standards"), max_length=200, help_text=_("e.g. ISO 9001, ISO/IEC 27001")
    )
    obtained_on = forms.DateField(label=_("Obtained"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AuditForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.CharField(
        label=_("Scope and objectives"), widget=forms.Textarea, max_length=5000, required=False
    )
    process = forms.CharField(label=_("Process"), max_length=200, required=False)
    units = forms.ModelMultipleChoiceField(label=_("Audited units"), queryset=Unit.objects.none())
    clauses = ClauseChoice(label=_("Criteria (clauses)"), queryset=Clause.objects.none())
    planned_start = forms.DateField(label=_("Planned start"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"}))
    lead = UserChoice(label=_("Lead auditor"), queryset=get_user_model().objects.none())
    team = UsersChoice(label=_("Audit team"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        auditors = get_user_model().objects.filter(auditor__in=Auditor.objects.filter(is_active=True))
        self.fields["units"].queryset = _units()
        self.fields["clauses"].queryset = Clause.objects.select_related("catalogue").order_by(
            "catalogue__code", "position"
        )
        self.fields["lead"].queryset = auditors.order_by("last_name", "first_name")
        self.fields["team"].queryset = auditors.order_by("last_name", "first_name")


class TeamForm(Form):
    lead = UserChoice(label=_("Lead auditor"), queryset=get_user_model().objects.none())
    team = UsersChoice(label=_("Audit team"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        auditors = (
            get_user_model().objects.filter(auditor__is_active=True).order_by("last_name", "first_name")
        )
        self.fields["lead"].queryset = auditors
        self.fields["team"].queryset = auditors


class ChecklistForm(Form):
    result = forms.ChoiceField(label=_("Result"), choices=ChecklistItem.Result.choices)
    evidence = forms.CharField(
        label=_("Evidence notes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )


class FindingForm(Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Finding.Kind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, max_length=5000)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea, max_length=5000, required=False)

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=audit.unit_ids()).order_by("code")
        self.fields["clause"].queryset = audit.criteria.select_related("catalogue").order_by(
            "catalogue__code", "position"
        )
        self.fields["clause"].label_from_instance = lambda c: c.label


class ReportForm(Form):
    summary = forms.CharField(label=_("Conclusions"), widget=forms.Textarea, max_length=10_000)


class AcknowledgeForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=3000, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("code")
