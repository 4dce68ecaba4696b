from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from magistrat.core.collation import person_order
from magistrat.core.forms import Form, ModelForm
from magistrat.core.permissions import role_choices
from magistrat.org.models import Office, Position, Staff, Unit, filing_symbol_validator


class PersonChoiceField(forms.ModelChoiceField):
    """An owner or handler: active people in Polish alphabetical order, with their unit (so that
    namesakes can be told apart)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=get_user_model().objects.filter(is_active=True), **kwargs)

    def _get_queryset(self):
        queryset = super()._get_queryset()
        if queryset is None or queryset.query.order_by:
            return queryset
        # Ordered when the list is built (per form), not when the form class is defined.
        return person_order(queryset.select_related("staff")).prefetch_related("staff__memberships__unit")

    queryset = property(_get_queryset, forms.ModelChoiceField._set_queryset)  # type: ignore[attr-defined]

    def label_from_instance(self, obj):
        name = f"{obj.last_name} {obj.first_name}".strip() or obj.get_username()
        staff = getattr(obj, "staff", None)
        unit = staff.primary_unit if staff is not None else None
        return f"{name} — {unit.name} ({unit.code})" if unit else name


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
        from magistrat.core.collation import person_order

        cast(forms.ModelChoiceField, self.fields["head"]).queryset = person_order(
            Staff.objects.filter(memberships__unit=unit, is_active=True).select_related("user"), "user__"
        )


class PositionForm(ModelForm):
    class Meta:
        model = Position
        fields = ["name", "is_managerial", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = False  # left out: kept (a new post: an official post)

    def clean_category(self) -> str:
        return self.cleaned_data.get("category") or self.instance.category


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


class IntakeRouteForm(Form):
    """Who receives one register's new cases (one form per register on the intake page)."""

    role = forms.ChoiceField(label=_("intake role"), choices=[])
    unit = UnitChoiceField(
        label=_("limited to holders whose grant covers"),
        queryset=Unit.objects.active(),
        required=False,
        empty_label=_("no limit (holders granted for the whole office)"),
    )

    def __init__(self, *args, register, **kwargs):
        from magistrat.org.intake import allowed_roles

        super().__init__(*args, **kwargs)
        # Only roles that open the register's cases and act on them: receivers read and assign.
        cast(forms.ChoiceField, self.fields["role"]).choices = allowed_roles(register)


def _staff_unit(staff: Staff, preferred: set[int] | None = None) -> Unit | None:
    """The unit shown next to a person: a membership in the preferred units, else the primary one."""
    memberships = list(staff.memberships.all())
    if preferred:
        for membership in memberships:
            if membership.unit_id in preferred:
                return membership.unit
    for membership in memberships:
        if membership.is_primary:
            return membership.unit
    return memberships[0].unit if memberships else None


class HandlerChoiceField(forms.ModelChoiceField):
    """Who handles a case: the staff of the case's unit (and the units below it) first, then the
    others, each person once and with their unit ("Kowalska Anna — Wydział Finansowy (FN)"), in
    Polish alphabetical order. Without a unit, everybody grouped by unit. `others=False` offers only
    the unit's staff (where the law or a rule keeps the case in the unit)."""

    def __init__(self, *, others: bool = True, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=Staff.objects.filter(is_active=True), **kwargs)
        self.others = others

    def set_unit(self, unit: Unit | None) -> None:
        """Build the grouped choices for a case of `unit` (the form calls it: no query at import)."""
        from django.db.models import Prefetch

        from magistrat.core.collation import person_order
        from magistrat.org.models import Membership

        subtree = Unit.objects.subtree_ids([unit.pk]) if unit is not None else set()
        staff = person_order(
            Staff.objects.filter(is_active=True)
            .select_related("user")
            .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit"))),
            "user__",
        )
        if unit is not None and not self.others:
            staff = staff.filter(memberships__unit_id__in=subtree).distinct()
            self.queryset = Staff.objects.filter(is_active=True, memberships__unit_id__in=subtree).distinct()
        people = list(staff)
        labels = self._labels(people, subtree)
        groups: dict[str, list[tuple[int, str]]] = {}
        if unit is not None:
            inside = [s for s in people if any(m.unit_id in subtree for m in s.memberships.all())]
            groups[str(_("Staff of %(unit)s") % {"unit": f"{unit.code} {unit.name}"})] = [
                (s.pk, labels[s.pk]) for s in inside
            ]
            if self.others:
                chosen = {s.pk for s in inside}
                groups[str(_("Other staff"))] = [(s.pk, labels[s.pk]) for s in people if s.pk not in chosen]
        else:
            by_unit: dict[tuple, list[tuple[int, str]]] = {}
            for person in people:
                home = _staff_unit(person)
                key = (home.code, f"{home.code} {home.name}") if home else ("~", str(_("No unit")))
                by_unit.setdefault(key, []).append((person.pk, labels[person.pk]))
            groups = {label: choices for (_code, label), choices in sorted(by_unit.items())}
        self.choices = [("", self.empty_label or "")] + [
            (label, choices) for label, choices in groups.items() if choices
        ]

    @staticmethod
    def _labels(people: list[Staff], subtree: set[int]) -> dict[int, str]:
        labels = {}
        for person in people:
            name = f"{person.user.last_name} {person.user.first_name}".strip() or person.user.username
            home = _staff_unit(person, subtree)
            labels[person.pk] = f"{name} — {home.name} ({home.code})" if home else name
        seen: dict[str, int] = {}
        for label in labels.values():
            seen[label] = seen.get(label, 0) + 1
        for person in people:  # namesakes in the same unit are told apart by their employee number
            if seen[labels[person.pk]] > 1:
                labels[person.pk] += f" · {person.employee_number}"
        return labels


class FilingSymbolForm(Form):
    """A register's filing symbol on the office's settings page (one form per register)."""

    symbol = forms.CharField(label=_("filing symbol"), max_length=16)

    def clean_symbol(self) -> str:
        symbol = self.cleaned_data["symbol"].strip().upper()
        filing_symbol_validator(symbol)
        return symbol
