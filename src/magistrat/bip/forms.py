"""Forms of the BIP editors. A category's structured fields become form fields of their own."""

from datetime import date

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from magistrat.bip.models import BulletinSettings, Category, Item
from magistrat.core.forms import Form, ModelForm
from magistrat.core.polish import fold
from magistrat.org.forms import UnitChoiceField
from magistrat.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FIELD_TYPES = {
    "text": lambda label, required: forms.CharField(label=label, required=required, max_length=200),
    "date": lambda label, required: forms.DateField(label=label, required=required, widget=DATE),
    "number": lambda label, required: forms.IntegerField(label=label, required=required),
}


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class RelatedItemsField(forms.CharField):
    """Published items named by their public addresses (…/bip/<category>/<item>/), one per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return "\n".join(f"/bip/{item.category.slug}/{item.slug}/" for item in items)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        items, unknown = [], []
        for address in text.split():
            parts = [
                part
                for part in address.split("/")
                if part and part != "bip" and ":" not in part and "." not in part
            ]
            item = (
                Item.objects.listed().filter(category__slug=parts[-2], slug=parts[-1]).first()
                if len(parts) >= 2
                else None
            )
            (items if item else unknown).append(item or address)
        if unknown:
            raise forms.ValidationError(
                _("No published item at: %(addresses)s.") % {"addresses": ", ".join(unknown)}
            )
        return items


class ItemForm(ModelForm):
    category = CategoryChoiceField(
        label=_("category"), queryset=Category.objects.filter(active=True).select_related("parent")
    )
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.none())
    body = forms.CharField(
        label=_("text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-text": "1"}),
        help_text=_(
            "Plain text (a blank line starts a new paragraph) or HTML: paragraphs, headings h2–h4, lists, "
            "links, tables. Scripts and styles are refused."
        ),
    )
    related = RelatedItemsField(
        label=_("related items"),
        required=False,
        max_length=5000,
        help_text=_("Addresses of published items, one per line, e.g. /bip/uchwaly/uchwala-nr-1/."),
    )

    class Meta:
        model = Item
        fields = [
            "category",
            "unit",
            "title",
            "slug",
            "body",
            "produced_by",
            "responsible_name",
            "responsible",
            "produced_on",
            "valid_from",
            "valid_until",
            "publish_at",
            "archive_at",
            "withheld_scope",
            "withheld_basis",
            "withheld_by",
            "change_reason",
        ]
        widgets = {
            "produced_on": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "publish_at": DATETIME,
            "archive_at": DATETIME,
            "withheld_scope": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "slug": _(
                "The item's address; it never changes after publication. Left empty: made from the title."
            ),
            "publish_at": _("Empty: published as soon as it is approved and published."),
            "responsible_name": _(
                "Name and surname, e.g. Anna Kowalska. Empty: the head of the unit, with their position."
            ),
            "responsible": _("e.g. Naczelnik Wydziału Finansów; not the unit's name."),
        }

    def __init__(self, *args, units, category: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["related"] = list(self.instance.related.select_related("category"))
        self.fields["slug"].required = False
        if self.instance.first_published_at:
            self.fields["slug"].disabled = True
        else:
            del self.fields["change_reason"]
        category = category or (self.instance.category if self.instance.category_id else None)
        self.data_keys = []
        for spec in category.fields if category else []:
            name = f"data_{spec['key']}"
            self.fields[name] = FIELD_TYPES[spec["type"]](spec["label"], bool(spec.get("required")))
            self.initial.setdefault(name, self.instance.data.get(spec["key"]))
            self.data_keys.append(spec["key"])

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(fold(self.cleaned_data.get("title", "")))[:120]
        return self.instance.slug if self.instance.first_published_at else slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = slugify(fold(cleaned["title"]))[:120]
            self.instance.slug = cleaned["slug"]
        return cleaned

    def structured_data(self) -> dict:
        values = {}
        for key in self.data_keys:
            value = self.cleaned_data.get(f"data_{key}")
            values[key] = value.isoformat() if isinstance(value, date) else value
        return values


class ReturnForm(Form):
    comment = forms.CharField(
        label=_("What should the editors change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The item goes back to its editors as a draft; they see and are notified of this comment."
        ),
    )


class AttachmentForm(Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    file = forms.FileField(label=_("file"), help_text=_("PDF, DOCX, ODT, XLSX, ODS, PNG, JPG or TXT."))


class SettingsForm(ModelForm):
    class Meta:
        model = BulletinSettings
        fields = [
            "editor_name",
            "editor_phone",
            "editor_email",
            "editorial_address",
            "show_visits",
            "compliance",
            "accessibility_exclusions",
            "accessibility_prepared_on",
            "accessibility_reviewed_on",
            "site_published_on",
            "site_updated_on",
            "accessibility_auditor",
            "accessibility_person",
            "accessibility_email",
            "accessibility_phone",
            "accessibility_contact",
            "accessibility_features",
            "accessibility_communication",
            "mobile_apps",
        ]
        widgets = {
            "accessibility_prepared_on": DATE,
            "accessibility_reviewed_on": DATE,
            "site_published_on": DATE,
            "site_updated_on": DATE,
            "accessibility_exclusions": forms.Textarea(attrs={"rows": 4}),
            "accessibility_features": forms.Textarea(attrs={"rows": 4}),
            "accessibility_communication": forms.Textarea(attrs={"rows": 3}),
            "mobile_apps": forms.Textarea(attrs={"rows": 2}),
        }


class SearchForm(Form):
    """The public search's parameters (Polish names: they are in the addresses residents share).
    Bad input is answered with a message on the page, never with a server error."""

    MAX_LENGTH = 200

    q = forms.CharField(label=_("Words to search for"), required=False, max_length=MAX_LENGTH, strip=True)
    kategoria = forms.SlugField(required=False, max_length=80)
    jednostka = forms.CharField(required=False, max_length=20)
    od = forms.DateField(label=_("published from"), required=False, input_formats=["%Y-%m-%d"])
    do = forms.DateField(label=_("published until"), required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = _(
            "The query is too long: at most %(limit_value)d characters (it has %(show_value)d)."
        )
        for name in ("od", "do"):
            self.fields[name].error_messages["invalid"] = _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("od"), cleaned.get("do")
        if start and end and start > end:
            self.add_error(
                "do",
                _("The end date (%(end)s) is before the start date (%(start)s).")
                % {"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned
