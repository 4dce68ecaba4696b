"""Forms of the newsroom's staff pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.bip.forms import DATETIME, RelatedItemsField
from magistrat.comms.channels import LABELS
from magistrat.comms.models import Category, CrisisTemplate, District, NewsItem
from magistrat.core.forms import Form, ModelForm
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit
from magistrat.services.models import Service

CHANNELS = ("mastodon", "bluesky", "facebook")


class NewsForm(ModelForm):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.none())
    body = forms.CharField(
        label=_("text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-text": "1"}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("categories"),
        queryset=Category.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("districts"),
        queryset=District.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bip_items = RelatedItemsField(
        label=_("linked BIP items"),
        required=False,
        help_text=_("Addresses of published BIP items, one per line."),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("linked services"),
        queryset=Service.objects.filter(is_published=True).prefetch_related("versions"),
        required=False,
    )

    class Meta:
        model = NewsItem
        fields = ["title", "lead", "body", "social_text", "unit", "publish_at", "expire_at"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "social_text": forms.Textarea(attrs={"rows": 3}),
            "publish_at": DATETIME,
            "expire_at": DATETIME,
        }
        help_texts = {"publish_at": _("Empty: published as soon as it is approved.")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        for kind in CHANNELS:
            self.fields[f"text_{kind}"] = forms.CharField(
                label=_("text adapted for %(channel)s") % {"channel": LABELS[kind]},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(self.instance.channel_texts or {}).get(kind, ""),
            )
        if self.instance.pk:
            self.initial["bip_items"] = list(self.instance.bip_items.select_related("category"))
            self.initial["services"] = list(self.instance.services.all())

    def channel_texts(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(f"text_{kind}", "") for kind in CHANNELS}


class ImageForm(Form):
    file = forms.FileField(label=_("picture (PNG or JPEG)"))
    alt_text = forms.CharField(
        label=_("alternative text"),
        max_length=1000,
        required=False,  # checked by the service, with its own message
        help_text=_("What the picture shows, for people who cannot see it (required)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(Form):
    comment = forms.CharField(
        label=_("what to change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TemplateForm(ModelForm):
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active().order_by("code"))

    class Meta:
        model = CrisisTemplate
        fields = ["title", "lead", "body", "social_text", "unit"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "social_text": forms.Textarea(attrs={"rows": 2}),
        }


class TaxonomyForm(Form):
    kind = forms.ChoiceField(
        label=_("list"), choices=[("category", _("category")), ("district", _("district"))]
    )
    name = forms.CharField(label=_("name"), max_length=100)
