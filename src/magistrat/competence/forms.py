"""Forms of the competence module (services validate the rules; forms only the shapes)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.competence.models import Appeal, AssessmentOrder, Outcome
from magistrat.core.forms import Form


class DateInput(forms.DateInput):
    input_type = "date"


class MarksForm(Form):
    """A mark and a comment for each criterion of the assessment's order (art. 27 ust. 3)."""

    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        order = assessment.order
        choices = [("", "—")] + [(str(s["value"]), f"{s['value']} – {s['label']}") for s in order.scale]
        for criterion in order.criteria:
            code = criterion["code"]
            mark = assessment.marks.get(code, {})
            basis = AssessmentOrder.Basis(criterion["basis"]).label
            self.fields[f"mark_{code}"] = forms.ChoiceField(
                label=criterion["name"],
                choices=choices,
                required=False,
                help_text=basis,
                initial="" if mark.get("value") is None else str(mark["value"]),
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=_("Comment: %(criterion)s") % {"criterion": criterion["name"]},
                required=False,
                max_length=2000,
                initial=mark.get("comment", ""),
            )
        self.fields["conclusions"].initial = assessment.conclusions
        self.fields["conclusions"] = self.fields.pop("conclusions")  # last on the page
        self.criteria = [c["code"] for c in order.criteria]

    def marks(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            code: {
                "value": int(data[f"mark_{code}"]) if data.get(f"mark_{code}") else None,
                "comment": data.get(f"comment_{code}", ""),
            }
            for code in self.criteria
        }


class DeliveryForm(Form):
    delivered_on = forms.DateField(label=_("Delivered to the employee on"), required=False, widget=DateInput)
    delivered_to_head_on = forms.DateField(
        label=_("Delivered to the head of the office on"), required=False, widget=DateInput
    )


class AppealForm(Form):
    reasons = forms.CharField(
        label=_("Reasons of the appeal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Appeal.Decision.choices)
    changed_outcome = forms.ChoiceField(
        label=_("Changed outcome (when the assessment is changed)"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
    )
    reasons = forms.CharField(
        label=_("Reasons of the decision"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SecondNegativeForm(Form):
    note = forms.CharField(
        label=_("Decision taken"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrderForm(Form):
    """A new version of the head's order (art. 28); criteria and scale one per line."""

    title = forms.CharField(label=_("Title of the order"), max_length=300)
    in_force_from = forms.DateField(label=_("In force from"), widget=DateInput)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: basis | name, where basis is duties, art24 or art25."),
    )
    scale = forms.CharField(
        label=_("Scale"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One mark per line, lowest first: value | label (e.g. 3 | satisfactory)."),
    )
    pass_mark = forms.DecimalField(
        label=_("Pass mark"),
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("The assessment is negative when the mean of the marks is below it."),
    )
    after_negative_due_months = forms.IntegerField(
        label=_("After a negative assessment, the next one within (months)"), min_value=3, max_value=24
    )
    warn_days = forms.IntegerField(
        label=_("Warn the superior days before the due date"), min_value=1, max_value=365
    )
    procedure = forms.CharField(
        label=_("Procedure"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    @staticmethod
    def initial_from(order: AssessmentOrder | None) -> dict:
        if order is None:
            return {}
        return {
            "title": order.title,
            "criteria": "\n".join(f"{c['basis']} | {c['name']}" for c in order.criteria),
            "scale": "\n".join(f"{s['value']} | {s['label']}" for s in order.scale),
            "pass_mark": order.pass_mark,
            "after_negative_due_months": order.after_negative_due_months,
            "warn_days": order.warn_days,
            "procedure": order.procedure,
        }

    def clean_criteria(self) -> list[dict]:
        criteria = []
        for number, line in enumerate(
            filter(None, (x.strip() for x in self.cleaned_data["criteria"].splitlines())), 1
        ):
            basis, _sep, name = (part.strip() for part in line.partition("|"))
            if basis not in AssessmentOrder.Basis.values or not name:
                raise forms.ValidationError(
                    _("Line %(number)d: write basis | name, basis being duties, art24 or art25.")
                    % {"number": number}
                )
            criteria.append({"code": f"c{number}", "basis": basis, "name": name})
        return criteria

    def clean_scale(self) -> list[dict]:
        scale = []
        for number, line in enumerate(
            filter(None, (x.strip() for x in self.cleaned_data["scale"].splitlines())), 1
        ):
            value, _sep, label = (part.strip() for part in line.partition("|"))
            if not value.isdigit() or not label or not 0 < int(value) < 100:
                raise forms.ValidationError(
                    _("Line %(number)d: write value | label, the value a whole number.") % {"number": number}
                )
            scale.append({"value": int(value), "label": label})
        return scale
