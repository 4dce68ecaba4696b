"""Forms of documented information: they validate fields; the services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form, ModelForm
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Position, Unit
from magistrat.quality.forms import DATE, TEXT, PersonChoiceField
from magistrat.quality.models import Document, ExternalDocument, MayorOrder
from magistrat.quality.models.documents import archive_category_validator, jrwa_validator

FILE_HELP = _("PDF, DOCX, XLSX, ODT, ODS, PNG, JPG or TXT; the content is checked.")


def _units():
    return Unit.objects.filter(is_active=True).order_by("code")


class DocumentForm(Form):
    number = forms.CharField(label=_("number"), max_length=30, help_text=_("e.g. P-04"))
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=Document.Kind.choices)
    owner = PersonChoiceField(label=_("owner"))
    unit = UnitChoiceField(label=_("unit"), queryset=_units())
    jrwa_symbol = forms.CharField(
        label=_("JRWA class symbol"),
        max_length=4,
        validators=[jrwa_validator],
        help_text=_("The class of the office's filing plan (jednolity rzeczowy wykaz akt)."),
    )
    archive_category = forms.CharField(
        label=_("archive category"), max_length=4, validators=[archive_category_validator], initial="B10"
    )
    review_every_months = forms.IntegerField(
        label=_("review every (months)"), min_value=1, max_value=60, initial=12
    )


class VersionForm(Form):
    file = forms.FileField(label=_("file"), help_text=FILE_HELP)
    change_note = forms.CharField(label=_("what changed"), max_length=3000, required=False, widget=TEXT)


class ApproveForm(Form):
    effective_on = forms.DateField(label=_("effective from"), widget=DATE)
    note = forms.CharField(label=_("reviewer's note"), max_length=3000, required=False, widget=TEXT)


class NoteForm(Form):
    note = forms.CharField(label=_("note"), max_length=3000, required=False, widget=TEXT)


class DistributionForm(Form):
    unit = UnitChoiceField(label=_("unit (with its sub-units)"), queryset=_units(), required=False)
    position = forms.ModelChoiceField(
        label=_("position"), queryset=Position.objects.order_by("name"), required=False
    )
    person = PersonChoiceField(label=_("person"), required=False)

    def clean(self):
        data = super().clean()
        if sum(bool(data.get(name)) for name in ("unit", "position", "person")) != 1:
            raise forms.ValidationError(_("Choose one unit, position or person."))
        return data


class OrderForm(Form):
    number = forms.CharField(label=_("number"), max_length=30, help_text=_("e.g. 12/2026"))
    title = forms.CharField(label=_("title"), max_length=300)
    signed_on = forms.DateField(label=_("signed"), widget=DATE)
    signatory = forms.CharField(label=_("signatory"), max_length=150)
    in_force_from = forms.DateField(label=_("in force from"), widget=DATE)
    repeals = forms.ModelMultipleChoiceField(
        label=_("repeals"),
        queryset=MayorOrder.objects.filter(repealed_by__isnull=True).order_by("-signed_on"),
        required=False,
    )
    file = forms.FileField(label=_("signed order (scan)"), required=False, help_text=FILE_HELP)
    jrwa_symbol = forms.CharField(
        label=_("JRWA class symbol"),
        max_length=4,
        required=False,
        initial="0050",
        validators=[jrwa_validator],
    )
    archive_category = forms.CharField(
        label=_("archive category"),
        max_length=4,
        required=False,
        initial="A",
        validators=[archive_category_validator],
    )

    def clean_jrwa_symbol(self):
        return self.cleaned_data["jrwa_symbol"] or "0050"  # orders (zarządzenia) in the filing plan

    def clean_archive_category(self):
        return self.cleaned_data["archive_category"] or "A"  # kept for ever


class ExternalForm(ModelForm):
    owner = PersonChoiceField(label=_("tracked by"))
    unit = UnitChoiceField(label=_("unit"), queryset=_units())

    class Meta:
        model = ExternalDocument
        fields = [
            "title",
            "issuer",
            "reference",
            "edition",
            "url",
            "owner",
            "unit",
            "next_review_on",
            "withdrawn",
        ]
        widgets = {"next_review_on": DATE}
