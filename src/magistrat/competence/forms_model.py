"""Forms of the competence model and the preparatory service (the services check the rules)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.competence.models import Competence, LevelRecord, PreparatoryService
from magistrat.core.forms import Form
from magistrat.org.models import Position, Staff
from magistrat.quality.models import Process


class DateInput(forms.DateInput):
    input_type = "date"


class CompetenceForm(Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    group = forms.ChoiceField(label=_("Group"), choices=Competence.Group.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    levels = forms.CharField(
        label=_("Levels"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One level a line, lowest first: "1 | label | description" (0, none, is implied).'),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["is_active"]

    @staticmethod
    def levels_text(levels: list[dict]) -> str:
        return "\n".join(
            f"{x['value']} | {x['label']} | {x.get('description', '')}".rstrip(" |") for x in levels
        )

    def clean_levels(self) -> list[dict]:
        levels = []
        for line in self.cleaned_data["levels"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or not parts[0].isdigit():
                raise forms.ValidationError(_('Write each level as "1 | label | description".'))
            levels.append({"value": int(parts[0]), "label": parts[1], "description": " ".join(parts[2:])})
        return levels


class RequirementForm(Form):
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.filter(is_active=True)
    )
    level = forms.IntegerField(label=_("Required level (0: not required)"), min_value=0, max_value=9)
    basis = forms.CharField(label=_("Basis (job description)"), max_length=200, required=False)
    on = forms.DateField(label=_("Required from"), widget=DateInput, initial=timezone.localdate)


class LevelForm(Form):
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.filter(is_active=True)
    )
    level = forms.IntegerField(label=_("Level"), min_value=0, max_value=9)
    source = forms.ChoiceField(label=_("Source"), choices=LevelRecord.Source.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput, initial=timezone.localdate)
    evidence = forms.CharField(label=_("Evidence (test, certificate number)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sources: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sources is not None:
            field = self.fields["source"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in LevelRecord.Source.choices if c[0] in sources]


class AsOfForm(Form):
    """A position, or a process (its people in whatever position they hold), on a day."""

    process = forms.ModelChoiceField(
        label=_("Process"), queryset=Process.objects.filter(active=True).order_by("code"), required=False
    )
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.all(), required=False)
    on = forms.DateField(label=_("On"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if bool(data.get("process")) == bool(data.get("position")):
            raise forms.ValidationError(_("Choose a process or a position (one of them)."))
        return data


class PreparatoryForm(Form):
    staff = forms.ModelChoiceField(
        label=_("Official employed for the first time"),
        queryset=Staff.objects.filter(is_active=True, preparatory_service__isnull=True).select_related(
            "user"
        ),
    )
    contract_start = forms.DateField(label=_("First fixed-term contract from"), widget=DateInput)
    contract_end = forms.DateField(
        label=_("First fixed-term contract until"),
        widget=DateInput,
        help_text=_("At most 6 months (art. 16 ust. 2)."),
    )
    starts_on = forms.DateField(label=_("Service from"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Service until"), widget=DateInput, help_text=_("At most 3 months (art. 19).")
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"), queryset=Staff.objects.filter(is_active=True).select_related("user")
    )
    plan = forms.CharField(label=_("Service plan"), widget=forms.Textarea(attrs={"rows": 6}))


class ExemptForm(Form):
    reason = forms.CharField(
        label=_("Reason: the knowledge or skills that allow the exemption"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExamForm(Form):
    exam_on = forms.DateField(label=_("Exam on"), widget=DateInput)


class ResultForm(Form):
    result = forms.ChoiceField(label=_("Result"), choices=PreparatoryService.Result.choices)
    note = forms.CharField(
        label=_("Committee's note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
