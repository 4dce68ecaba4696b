from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import ModelForm
from magistrat.org.forms import UnitChoiceField
from magistrat.services.models import Channel, ServiceVersion


class ServiceForm(ModelForm):
    slug = forms.SlugField(
        label=_("address (slug)"),
        max_length=100,
        help_text=_("Part of the public address; it never changes."),
    )
    unit = UnitChoiceField(label=_("responsible unit"), queryset=None)
    is_published = forms.BooleanField(label=_("published"), required=False, initial=True)
    channels = forms.MultipleChoiceField(
        label=_("channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ServiceVersion
        fields = [*(f for f in ServiceVersion.CONTENT_FIELDS if f != "channels"), "change_note"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("description", "legal_basis", "required_documents", "fees")
        }

    field_order = ["slug", "unit", "is_published", *ServiceVersion.CONTENT_FIELDS, "change_note"]

    def __init__(self, *args, units, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["change_note"].required = editing
        if editing:
            self.fields["slug"].disabled = True
