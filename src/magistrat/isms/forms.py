"""Forms of the information security module. Model forms validate fields; services enforce rules."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.forms import CloseForm, NoticedExtensionForm
from magistrat.core.forms import Form, ModelForm
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    CatalogueEntry,
    CheckResult,
    ControlCheck,
    DataSubjectRequest,
    Evidence,
    Incident,
    IncidentEntry,
    IncidentReport,
    ProcessingActivity,
    RiskAssessment,
    RiskMatrix,
    RiskScenario,
    SoaEntry,
    TreatmentTask,
)
from magistrat.org.forms import HandlerChoiceField, PersonChoiceField, UnitChoiceField
from magistrat.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class CodesField(forms.CharField):
    """Objects named by their codes, separated by commas or spaces (for registers of thousands)."""

    def __init__(self, *, queryset, code_field: str = "code", **kwargs):
        self.queryset, self.code_field = queryset, code_field
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(sorted(getattr(item, self.code_field) for item in items))
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        codes = list(dict.fromkeys(c for c in text.replace(",", " ").replace(";", " ").split() if c))
        found = {
            getattr(o, self.code_field): o for o in self.queryset.filter(**{f"{self.code_field}__in": codes})
        }
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return [found[c] for c in codes]


class AssetForm(ModelForm):
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)
    depends_on = CodesField(
        queryset=Asset.objects.all(),
        label=_("depends on (asset codes)"),
        help_text=_("Codes of the assets this one needs, separated by commas."),
    )

    class Meta:
        model = Asset
        fields = [
            "code",
            "name",
            "kind",
            "description",
            "owner",
            "unit",
            "location",
            "classification",
            "confidentiality",
            "integrity",
            "availability",
            "authenticity",
            "review_due",
            "retired",
        ]
        widgets = {"review_due": DATE, "description": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["depends_on"] = self.instance.depends_on.all()


class AssetReviewForm(Form):
    next_review = forms.DateField(label=_("next review"), widget=DATE)


class ImportForm(Form):
    file = forms.FileField(label=_("file (CSV or XLSX)"))


class AssessmentForm(ModelForm):
    matrix = forms.ModelChoiceField(label=_("risk matrix"), queryset=RiskMatrix.objects.all())
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)

    class Meta:
        model = RiskAssessment
        fields = ["title", "scope", "assessed_on", "participants", "unit", "matrix"]
        widgets = {"assessed_on": DATE, "scope": TEXT, "participants": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = RiskMatrix.objects.filter(is_default=True).first()
        if default and not self.is_bound:
            self.initial.setdefault("matrix", default.pk)


def _rating_choices(labels: list[dict]) -> list[tuple[int, str]]:
    from magistrat.core.reference import localized

    return [(number, f"{number} – {localized(label)}") for number, label in enumerate(labels, start=1)]


class RiskForm(ModelForm):
    """The ratings offer exactly the matrix's scale; anything else is refused by the service too."""

    owner = PersonChoiceField(label=_("risk owner"))
    assets = CodesField(queryset=Asset.objects.all(), label=_("assets (codes)"))
    controls = forms.ModelMultipleChoiceField(
        label=_("controls"),
        queryset=AppliedControl.objects.select_related("reference"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    reason = forms.CharField(label=_("reason for the change"), max_length=300, required=False)

    class Meta:
        model = RiskScenario
        fields = [
            "title",
            "threat",
            "vulnerability",
            "existing_controls",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "residual_likelihood",
            "residual_impact",
            "treatment",
            "owner",
        ]
        widgets = {"threat": TEXT, "vulnerability": TEXT, "existing_controls": TEXT}

    def __init__(self, *args, assessment: RiskAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        definition = assessment.matrix_definition
        for stage in ("inherent", "current", "residual"):
            for axis in ("likelihood", "impact"):
                field = self.fields[f"{stage}_{axis}"]
                choices = _rating_choices(definition[axis])
                self.fields[f"{stage}_{axis}"] = forms.TypedChoiceField(
                    label=field.label, choices=choices, coerce=int, initial=field.initial
                )
        if self.instance.pk:
            self.initial["assets"] = self.instance.assets.all()
            self.initial["controls"] = self.instance.controls.all()
        else:
            del self.fields["reason"]


class TaskForm(ModelForm):
    owner = PersonChoiceField(label=_("owner"))
    control = forms.ModelChoiceField(
        label=_("control"), queryset=AppliedControl.objects.select_related("reference"), required=False
    )

    class Meta:
        model = TreatmentTask
        fields = ["title", "owner", "due_on", "control"]
        widgets = {"due_on": DATE}


class TaskDoneForm(Form):
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class SignOffForm(Form):
    justification = forms.CharField(
        label=_("why the residual risk is acceptable"), widget=TEXT, max_length=3000
    )
    expires_on = forms.DateField(label=_("valid until"), widget=DATE)


class ControlForm(ModelForm):
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)
    reference = forms.ModelChoiceField(
        label=_("reference control"),
        queryset=CatalogueEntry.objects.filter(kind="control").select_related("catalogue"),
        required=False,
    )

    class Meta:
        model = AppliedControl
        fields = [
            "name",
            "reference",
            "description",
            "status",
            "owner",
            "unit",
            "due_on",
            "cost",
            "effort_days",
        ]
        widgets = {"due_on": DATE, "description": TEXT}


class EvidenceForm(ModelForm):
    file = forms.FileField(label=_("file"), help_text=_("PDF, DOCX, XLSX, ODT, ODS, PNG, JPG or TXT."))
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    class Meta:
        model = Evidence
        fields = ["title", "review_every_months", "expires_on"]
        widgets = {"expires_on": DATE}


class EvidenceUploadForm(Form):
    file = forms.FileField(label=_("new revision of the file"))
    note = forms.CharField(label=_("what changed"), max_length=500, required=False)


class CheckForm(ModelForm):
    class Meta:
        model = ControlCheck
        fields = ["title", "procedure", "every_months", "next_due"]
        widgets = {"next_due": DATE, "procedure": TEXT}


class CheckResultForm(Form):
    performed_on = forms.DateField(label=_("performed on"), widget=DATE, initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("result"), choices=CheckResult.Outcome.choices)
    notes = forms.CharField(label=_("findings"), widget=TEXT, required=False, max_length=3000)


class SoaEntryForm(Form):
    applicable = forms.TypedChoiceField(
        label=_("applicable"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reasons = forms.MultipleChoiceField(
        label=_("reasons for inclusion"),
        choices=SoaEntry.Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    justification = forms.CharField(label=_("justification"), widget=TEXT, max_length=3000, required=False)


class NoteForm(Form):
    note = forms.CharField(label=_("note"), widget=TEXT, max_length=2000, required=False)


class IncidentForm(ModelForm):
    handler = PersonChoiceField(label=_("handled by"))
    assets = CodesField(queryset=Asset.objects.all(), label=_("affected assets (codes)"))
    risks = CodesField(queryset=RiskScenario.objects.all(), label=_("related risks (codes)"))
    controls = forms.ModelMultipleChoiceField(
        label=_("related controls"),
        queryset=AppliedControl.objects.select_related("reference"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "description",
            "detected_at",
            "aware_at",
            "reported_by",
            "handler",
            "severity",
            "significant",
            "cross_border",
            "suspected_malicious",
            "personal_data_breach",
            "breach_risk",
            "breach_data_categories",
            "breach_subjects",
            "breach_records",
            "consequences",
            "measures",
            "not_notified_reason",
            "persons_informed_at",
        ]
        widgets = {
            "detected_at": DATETIME,
            "aware_at": DATETIME,
            "persons_informed_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
            "breach_data_categories": TEXT,
            "consequences": TEXT,
            "measures": TEXT,
            "not_notified_reason": TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("assets", "risks", "controls"):
                self.initial[name] = getattr(self.instance, name).all()


class IncidentEntryForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=IncidentEntry.Kind.choices)
    at = forms.DateTimeField(label=_("time"), widget=DATETIME, initial=timezone.localtime)
    text = forms.CharField(label=_("description"), widget=TEXT, max_length=3000)
    owner = PersonChoiceField(label=_("owner (actions)"), required=False)
    due_on = forms.DateField(label=_("deadline (actions)"), widget=DATE, required=False)


class IncidentReportForm(Form):
    kind = forms.ChoiceField(label=_("report"), choices=IncidentReport.Kind.choices)
    submitted_at = forms.DateTimeField(label=_("sent"), widget=DATETIME, initial=timezone.localtime)
    reference = forms.CharField(label=_("authority's reference number"), max_length=100, required=False)


class IncidentCloseForm(Form):
    lessons_learned = forms.CharField(label=_("lessons learned"), widget=forms.Textarea(attrs={"rows": 4}))


# The record's free-text fields in the order of art. 30 (30.1 a–g, 30.2 a–d).
ACTIVITY_TEXTS = (
    "controller",
    "processor",
    "purposes",
    "legal_basis",
    "data_subjects",
    "data_categories",
    "recipients",
    "processing_categories",
    "transfers",
    "erasure",
    "security",
)


class ActivityForm(ModelForm):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)
    systems = CodesField(queryset=Asset.objects.all(), label=_("systems and assets (codes)"))

    class Meta:
        model = ProcessingActivity
        fields = ["role", "name", "unit", *ACTIVITY_TEXTS, "active"]
        widgets = dict.fromkeys(ACTIVITY_TEXTS, TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["systems"] = self.instance.systems.all()


class _HandledByForm(Form):
    """A form naming who handles a data subject request: any of the office's staff, grouped by
    unit (the requests have no unit); the cleaned `handler` is their user account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(HandlerChoiceField, self.fields["handler"]).set_unit(None)

    def clean_handler(self):
        staff = self.cleaned_data.get("handler")
        return staff.user if staff is not None else None


class DsrForm(_HandledByForm):
    right = forms.ChoiceField(label=_("right exercised"), choices=DataSubjectRequest.Right.choices)
    received_at = forms.DateTimeField(label=_("received"), widget=DATETIME, initial=timezone.localtime)
    requester = forms.CharField(label=_("person"), max_length=200)
    contact = forms.CharField(label=_("contact"), max_length=300)
    description = forms.CharField(label=_("request"), widget=TEXT, max_length=5000)
    activity = forms.ModelChoiceField(
        label=_("processing activity"),
        queryset=ProcessingActivity.objects.filter(active=True),
        required=False,
    )
    handler = HandlerChoiceField(
        label=_("handled by"),
        empty_label=_("— nobody yet (the intake role assigns it) —"),
    )


class DsrAssignForm(_HandledByForm):
    handler = HandlerChoiceField(label=_("handled by"), required=True)


class DsrExtendForm(NoticedExtensionForm):
    labels = {"reason": _("reasons given to the person")}


class DsrCompleteForm(CloseForm):
    outcomes = DataSubjectRequest.Outcome.choices
    reply = forms.CharField(label=_("reply"), widget=TEXT, max_length=5000, required=False)
