from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form, ModelForm
from magistrat.core.permissions import role_choices
from magistrat.org.models import Office, Position, Staff, Unit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class StaffForm(Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"))
    username = forms.RegexField(
        label=_("user name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    employee_number = forms.CharField(label=_("employee number"), max_length=20)
    position = forms.ModelChoiceField(label=_("position"), queryset=Position.objects.all())
    primary_unit = UnitChoiceField(label=_("primary unit"), queryset=Unit.objects.none())
    other_units = UnitMultipleChoiceField(
        label=_("other units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    room = forms.CharField(label=_("room"), max_length=40, required=False)
    employed_since = forms.DateField(
        label=_("employed since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, units, staff: Staff | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["primary_unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["other_units"]).queryset = units
        if staff is not None:  # identity fields are fixed once the account exists
            del self.fields["username"]
            del self.fields["employee_number"]

    @staticmethod
    def initial_for(staff: Staff) -> dict:
        return {
            "first_name": staff.user.first_name,
            "last_name": staff.user.last_name,
            "email": staff.user.email,
            "position": staff.position_id,
            "primary_unit": staff.primary_unit,
            "other_units": [m.unit for m in staff.memberships.all() if not m.is_primary],
            "phone": staff.phone,
            "room": staff.room,
            "employed_since": staff.employed_since,
        }


class RoleGrantForm(Form):
    role = forms.ChoiceField(label=_("role"), choices=role_choices)
    unit = UnitChoiceField(
        label=_("unit scope"),
        queryset=Unit.objects.active(),
        required=False,
        empty_label=_("whole office"),
    )


class UnitForm(ModelForm):
    parent = UnitChoiceField(label=_("parent unit"), queryset=Unit.objects.active(), required=False)

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "email", "phone", "location", "is_active"]


class UnitHeadForm(Form):
    head = forms.ModelChoiceField(label=_("head"), queryset=Staff.objects.none(), required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["head"]).queryset = Staff.objects.filter(
            memberships__unit=unit, is_active=True
        ).select_related("user")


class PositionForm(ModelForm):
    class Meta:
        model = Position
        fields = ["name", "is_managerial"]


class OfficeForm(ModelForm):
    class Meta:
        model = Office
        fields = [
            "name",
            "short_name",
            "street",
            "postal_code",
            "city",
            "teryt",
            "bip_url",
            "email",
            "phone",
            "epuap",
        ]


class ImportForm(Form):
    kind = forms.ChoiceField(
        label=_("what to import"), choices=[("units", _("units")), ("staff", _("staff"))]
    )
    file = forms.FileField(label=_("file (CSV or XLSX)"))
