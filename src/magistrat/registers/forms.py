import uuid
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.forms import Form
from magistrat.org.forms import HandlerChoiceField, UnitChoiceField
from magistrat.org.models import Unit
from magistrat.registers.models import Complaint, InfoRequest, Petition


class PublicComplaintForm(Form):
    """What a resident fills in on the public page."""

    kind = forms.ChoiceField(
        label=_("What do you submit?"), choices=Complaint.Kind.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    submitter_name = forms.CharField(label=_("First name and surname"), max_length=200)
    submitter_address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        help_text=_("A complaint without a name and address is left without consideration (KPA art. 63)."),
    )
    submitter_email = forms.EmailField(label=_("E-mail (for the reply and status updates)"), required=False)
    submitter_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    # A field people never see: bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class StatusForm(Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=8)


class ComplaintRegisterForm(Form):
    """Staff registration of a letter, e-mail, ePUAP message or oral complaint."""

    kind = forms.ChoiceField(label=_("kind"), choices=Complaint.Kind.choices)
    channel = forms.ChoiceField(label=_("received by"), choices=Complaint.Channel.choices)
    received_at = forms.DateTimeField(
        label=_("received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    subject = forms.CharField(label=_("subject"), max_length=200)
    content = forms.CharField(label=_("content"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))
    submitter_name = forms.CharField(label=_("name of the person"), max_length=200, required=False)
    submitter_address = forms.CharField(label=_("postal address"), max_length=300, required=False)
    submitter_email = forms.EmailField(label=_("e-mail"), required=False)
    submitter_phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    competent = forms.ChoiceField(label=_("competent to decide"), choices=Complaint.Competent.choices)
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)


class AssignForm(Form):
    """Assign a case to a unit and, optionally, a person: the unit's staff are offered first.

    Choosing a unit reloads the list of people for it (htmx); without JavaScript the service
    checks the pair. `others=False` offers only the unit's staff (a complaint stays in its unit)."""

    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active())
    handler = HandlerChoiceField(label=_("handled by"), empty_label=_("— nobody yet —"))

    def __init__(self, *args, case_unit: Unit | None = None, others: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        unit = case_unit
        chosen = self.data.get(self.add_prefix("unit")) if self.is_bound else None
        if chosen and str(chosen).isdigit():
            unit = Unit.objects.filter(pk=int(chosen), is_active=True).first() or case_unit
        handler = cast(HandlerChoiceField, self.fields["handler"])
        handler.others = others
        handler.set_unit(unit)


class ExtendForm(Form):
    new_due = forms.DateField(label=_("new date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("reason given to the person"), widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(Form):
    forwarded_to = forms.CharField(label=_("forwarded to"), max_length=300)
    note = forms.CharField(label=_("notice sent to the person"), widget=forms.Textarea(attrs={"rows": 3}))


CHOOSE = ("", _("— choose —"))


def close_confirmation() -> forms.BooleanField:
    """Closing is confirmed on the server too: a closed case leaves every list."""
    return forms.BooleanField(
        label=_("I confirm closing the case with this outcome"),
        error_messages={"required": _("Confirm closing the case.")},
    )


class CloseForm(Form):
    """The reply and outcome that close a complaint: nothing is chosen for the user, and closing is
    confirmed (a closed case leaves every list and cannot be reopened)."""

    outcome = forms.ChoiceField(label=_("outcome"), choices=[])
    reply = forms.CharField(label=_("reply sent to the person"), widget=forms.Textarea(attrs={"rows": 6}))
    confirm = close_confirmation()

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        from magistrat.registers.services import OUTCOMES_BY_KIND

        allowed = OUTCOMES_BY_KIND[Complaint.Kind(complaint.kind)] | {Complaint.Outcome.UNCONSIDERED}
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [CHOOSE] + [
            (value, label) for value, label in Complaint.Outcome.choices if value in allowed
        ]


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InfoRequestForm(Form):
    """Staff registration of a request received by e-mail, letter, ePUAP or orally."""

    channel = forms.ChoiceField(label=_("received by"), choices=InfoRequest.Channel.choices)
    received_at = forms.DateTimeField(label=_("received"), widget=DATETIME_INPUT)
    subject = forms.CharField(label=_("subject"), max_length=200)
    request_text = forms.CharField(
        label=_("information requested"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    release_form = forms.ChoiceField(label=_("form of release"), choices=InfoRequest.ReleaseForm.choices)
    requester_name = forms.CharField(label=_("requester"), max_length=200, required=False)
    requester_email = forms.EmailField(label=_("e-mail"), required=False)
    requester_address = forms.CharField(label=_("postal address"), max_length=300, required=False)
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)


class PublicInfoRequestForm(Form):
    subject = forms.CharField(label=_("What is it about (in short)"), max_length=200)
    request_text = forms.CharField(
        label=_("What information do you ask for"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    release_form = forms.ChoiceField(
        label=_("How should we release it"), choices=InfoRequest.ReleaseForm.choices
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    requester_email = forms.EmailField(label=_("E-mail"), required=False)
    requester_address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    # A field people never see: bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class InfoExtendForm(Form):
    extended_to = forms.DateField(label=_("new date"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("reasons for the delay given to the requester"), widget=forms.Textarea(attrs={"rows": 3})
    )
    notified_at = forms.DateTimeField(label=_("requester notified on"), widget=DATETIME_INPUT)


class InfoFeeForm(Form):
    amount = forms.DecimalField(label=_("fee (PLN)"), max_digits=10, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("additional costs"), widget=forms.Textarea(attrs={"rows": 3}))
    notified_at = forms.DateTimeField(label=_("requester notified on"), widget=DATETIME_INPUT)


class InfoCloseForm(Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=[CHOOSE, *InfoRequest.Outcome.choices])
    released = forms.CharField(
        label=_("information or documents released"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_number = forms.CharField(label=_("decision number"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("decision date"), widget=DATE_INPUT, required=False)
    decision_persons = forms.CharField(
        label=_("persons who took a position, with their functions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = close_confirmation()


class InfoDeliveredForm(Form):
    delivered_on = forms.DateField(label=_("decision delivered on"), widget=DATE_INPUT)


class PetitionForm(Form):
    filed_at = forms.DateTimeField(label=_("filed"), widget=DATETIME_INPUT)
    petitioner = forms.CharField(label=_("petitioner"), max_length=300)
    petitioner_contact = forms.CharField(label=_("petitioner's address or e-mail"), max_length=300)
    in_interest_of = forms.CharField(label=_("filed in the interest of"), max_length=300, required=False)
    consent_to_publish = forms.BooleanField(
        label=_("the petitioner agrees to publishing their name"), required=False
    )
    addressee = forms.ChoiceField(label=_("addressee"), choices=Petition.Addressee.choices)
    subject = forms.CharField(label=_("subject"), max_length=300)
    content = forms.CharField(
        label=_("content of the petition"), max_length=30_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    scan = forms.FileField(label=_("scan of the petition (PDF, PNG or JPG)"), required=False)
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.active(), required=False)


class PetitionUpdateForm(Form):
    text = forms.CharField(
        label=_("what happened (published on the BIP)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PetitionExtendForm(Form):
    extended_to = forms.DateField(label=_("new date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("reasons for the extension"), widget=forms.Textarea(attrs={"rows": 3}))


class PetitionCloseForm(Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=[CHOOSE, *Petition.Outcome.choices])
    reply = forms.CharField(
        label=_("how the petition was dealt with"), widget=forms.Textarea(attrs={"rows": 5})
    )
    confirm = close_confirmation()


class ReleasedDocumentForm(Form):
    file = forms.FileField(label=_("document released (PDF, DOCX, ODT, XLSX, ODS, PNG, JPG or TXT)"))
