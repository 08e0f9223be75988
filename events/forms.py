"""The registration form: what a visitor types, checked with messages in their language."""

import datetime as dt
import re
import unicodedata

from stdnum import ean as ean_number
from stdnum.dk import cvr as cvr_number

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.booking import Applicant
from events.models import EventPage
from events.models.registration import PayerType


def reject_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in value):
        raise ValidationError(_("Remove the invisible control characters from this field."), code="control")


def reject_markup(value: str) -> None:
    if "<" in value or ">" in value:
        raise ValidationError(_("Please write plain text without < or >."), code="markup")


def text(label, max_length, required=False, textarea=False, validators=(), **kwargs):
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        validators=[reject_control_characters, *validators],
        **kwargs,
    )


class RegistrationForm(forms.Form):
    name = text(_("Name"), 120, required=True, validators=[reject_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = text(_("Phone"), 30)
    workplace = text(_("Workplace"), 160)
    profession = text(_("Profession"), 120)
    price_option = forms.ChoiceField(label=_("Price"), widget=forms.RadioSelect)
    payer_type = forms.ChoiceField(
        label=_("Who pays?"), choices=PayerType.choices, widget=forms.RadioSelect, initial=PayerType.PUBLIC
    )
    organisation_name = text(
        _("Organisation or workplace that pays"),
        160,
        help_text=_("Needed when a company or institution pays"),
    )
    cvr = text(_("CVR number"), 20, help_text=_("8 digits; needed when a company pays"))
    ean = text(
        _("EAN number"),
        20,
        help_text=_("13 digits from the institution's invoicing details; needed when it pays"),
    )
    order_number = text(_("Order or requisition number"), 60)
    person_reference = text(
        _("Person reference"),
        120,
        help_text=_("Who at the institution approves the invoice; needed when it pays"),
    )
    billing_address = text(
        _("Billing address"), 400, textarea=True, help_text=_("Needed when you or a company pays")
    )
    nights = forms.MultipleChoiceField(
        label=_("Overnight stay"), required=False, widget=forms.CheckboxSelectMultiple
    )
    dietary_needs = text(_("Dietary needs"), 500, textarea=True)
    accessibility_needs = text(_("Accessibility needs"), 500, textarea=True)
    share_with_participants = forms.BooleanField(
        label=_("Show my name, profession and workplace to the other participants"),
        help_text=_(
            "Only participants who agree to the same see the list, on their own registration page and in "
            "an e-mail after the event. It is never public. You can withdraw at any time."
        ),
        required=False,
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the cancellation terms and the privacy policy."),
        error_messages={"required": _("You must accept the terms and the privacy policy to register.")},
    )
    # A field people never see; bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, event: EventPage, *args, language: str = "da", **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.language = language
        self.fields["price_option"].choices = [
            (block.id, f"{block.value['label']} – {formats.number_format(block.value['amount'], 2)} kr.")
            for block in event.price_options
        ]
        if len(self.fields["price_option"].choices) == 1:
            self.fields["price_option"].initial = self.fields["price_option"].choices[0][0]
        nights = event.accommodation_nights()
        if nights:
            self.fields["nights"].choices = [
                (night.isoformat(), f"{formats.date_format(night, 'l')} {formats.date_format(night)}")
                for night in nights
            ]
        else:
            del self.fields["nights"]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_cvr(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["cvr"])
        if value and not cvr_number.is_valid(value):
            raise ValidationError(_("A CVR number has 8 digits and a valid check digit. Please check it."))
        return value

    def clean_ean(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["ean"])
        if value and (len(value) != 13 or not ean_number.is_valid(value)):
            raise ValidationError(_("An EAN number has 13 digits and a valid check digit. Please check it."))
        return value

    def clean(self):
        cleaned = super().clean()
        required_for = {
            PayerType.PRIVATE: ["billing_address"],
            PayerType.COMPANY: ["organisation_name", "cvr", "billing_address"],
            PayerType.PUBLIC: ["organisation_name", "ean", "person_reference"],
        }
        for field_name in required_for.get(cleaned.get("payer_type"), []):
            if field_name in cleaned and not cleaned[field_name] and field_name not in self.errors:
                self.add_error(field_name, _("Needed for the invoice when this payer is chosen."))
        return cleaned

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            email=data["email"].strip(),
            price_option_id=data["price_option"],
            payer_type=data["payer_type"],
            accepted_terms=data["accept_terms"],
            language=self.language,
            phone=data["phone"],
            workplace=data["workplace"],
            profession=data["profession"],
            organisation_name=data["organisation_name"],
            cvr=data["cvr"] if data["payer_type"] == PayerType.COMPANY else "",
            ean=data["ean"] if data["payer_type"] == PayerType.PUBLIC else "",
            order_number=data["order_number"],
            person_reference=data["person_reference"],
            billing_address=data["billing_address"],
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
            nights=sorted(dt.date.fromisoformat(night) for night in data.get("nights", [])),
            shares_with_participants=data["share_with_participants"],
        )
