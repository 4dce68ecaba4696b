import uuid
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from magistrat.core.cases.forms import DATE_INPUT, DATETIME_INPUT, ExtensionForm, NoticedExtensionForm
from magistrat.core.cases.forms import CloseForm as CaseCloseForm
from magistrat.core.forms import Form
from magistrat.org.forms import HandlerChoiceField, UnitChoiceField
from magistrat.org.models import Unit
from magistrat.registers.models import Complaint, InfoRequest, Petition


class ResidentForm(Form):
    """A form residents send from the website: stored once however often it is sent, and with a
    field bots fill in and people never see (both after the form's own fields)."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = [name for name in self.fields if name not in ("submission_key", "website")]
        self.order_fields([*own, "submission_key", "website"])


class PublicComplaintForm(ResidentForm):
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


class PublicInfoRequestForm(ResidentForm):
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


class StatusForm(Form):
    number = forms.CharField(label=_("Case number"), max_length=40)
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=8)


class ComplaintRegisterForm(Form):
    """Staff registration of a letter, e-mail, ePUAP message or oral complaint."""

    kind = forms.ChoiceField(label=_("kind"), choices=Complaint.Kind.choices)
    channel = forms.ChoiceField(label=_("received by"), choices=Complaint.Channel.choices)
    received_at = forms.DateTimeField(label=_("received"), widget=DATETIME_INPUT)
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
    checks the pair. `others=False` offers only the unit's staff (a complaint stays in its unit).
    The cleaned `handler` is the person's user account, as cases store it."""

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

    def clean_handler(self):
        staff = self.cleaned_data.get("handler")
        return staff.user if staff is not None else None


class ExtendForm(Form):
    """KPA art. 36: each delay of a complaint, with its new date and reason."""

    new_due = forms.DateField(label=_("new date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("reason given to the person"), widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(Form):
    forwarded_to = forms.CharField(label=_("forwarded to"), max_length=300)
    note = forms.CharField(label=_("notice sent to the person"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(CaseCloseForm):
    """The reply and outcome that close a complaint: the outcomes that fit its kind."""

    reply = forms.CharField(label=_("reply sent to the person"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, complaint: Complaint, **kwargs):
        from magistrat.registers.services import complaint_outcomes

        allowed = complaint_outcomes(complaint)
        outcomes = [(value, label) for value, label in Complaint.Outcome.choices if value in allowed]
        super().__init__(*args, outcomes=outcomes, **kwargs)


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


class InfoExtendForm(NoticedExtensionForm):
    labels = {
        "reason": _("reasons for the delay given to the requester"),
        "notified_at": _("requester notified on"),
    }


class InfoFeeForm(Form):
    amount = forms.DecimalField(label=_("fee (PLN)"), max_digits=10, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("additional costs"), widget=forms.Textarea(attrs={"rows": 3}))
    notified_at = forms.DateTimeField(label=_("requester notified on"), widget=DATETIME_INPUT)


class InfoCloseForm(CaseCloseForm):
    outcomes = InfoRequest.Outcome.choices
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


class PetitionExtendForm(ExtensionForm):
    pass


class PetitionCloseForm(CaseCloseForm):
    outcomes = Petition.Outcome.choices
    reply = forms.CharField(
        label=_("how the petition was dealt with"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ReleasedDocumentForm(Form):
    file = forms.FileField(label=_("document released (PDF, DOCX, ODT, XLSX, ODS, PNG, JPG or TXT)"))
