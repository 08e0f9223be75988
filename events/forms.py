"""The registration form: what a visitor types, checked with messages in their language."""

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import CVRField, EANField, SiteForm
from core.forms import text_field as text
from core.validators import reject_markup
from events.models import EventPage
from events.models.registration import PayerType
from events.pricing import option_text, price_text
from events.services.booking import Applicant


def free_rooms(event: EventPage) -> list[tuple[dt.date, int]]:
    """Each night the event offers, with the rooms still free that night (never below none)."""
    from events.services import capacity

    taken = capacity.rooms_taken(event.booking_page)
    per_night = capacity.rooms_per_night(event)
    return [(night, max(per_night - taken[night], 0)) for night in event.accommodation_nights()]


def night_label(night: dt.date, rooms_left: int) -> str:
    day = f"{formats.date_format(night, 'l')} {formats.date_format(night)}"
    if not rooms_left:
        return _("%(night)s (no rooms left)") % {"night": day}
    return ngettext("%(night)s (%(count)s room left)", "%(night)s (%(count)s rooms left)", rooms_left) % {
        "night": day,
        "count": rooms_left,
    }


# What a free event does not ask for.
PAYER_FIELDS = (
    "payer_type",
    "organisation_name",
    "cvr",
    "ean",
    "order_number",
    "person_reference",
    "billing_address",
)
# Browsers and password managers fill these in (WCAG 1.3.5, "identify input purpose").
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "phone": "tel",
    "workplace": "organization",
    "profession": "organization-title",
    "organisation_name": "organization",
    "billing_address": "street-address",
}


class RegistrationForm(SiteForm):
    name = text(_("Name"), 120, required=True, validators=[reject_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = text(_("Phone"), 30)
    workplace = text(_("Workplace"), 160)
    profession = text(_("Profession"), 120)
    price_option = forms.ChoiceField(label=_("Price"), widget=forms.RadioSelect)
    # Chosen by the visitor every time: a pre-selected payer ends up on invoices nobody asked for.
    payer_type = forms.ChoiceField(
        label=_("Who pays?"),
        choices=PayerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who pays: you, a company or a public institution.")},
    )
    organisation_name = text(
        _("Organisation or workplace that pays"),
        160,
        help_text=_("Needed when a company or institution pays"),
    )
    cvr = CVRField(
        label=_("CVR number"),
        max_length=20,
        required=False,
        help_text=_("8 digits; needed when a company pays"),
    )
    ean = EANField(
        label=_("EAN number"),
        max_length=20,
        required=False,
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

    def __init__(self, event: EventPage, *args, language: str = "da", **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.language = language
        self.fields["price_option"].choices = [
            (block.id, f"{block.value['label']} – {option_text(block)}") for block in event.price_options
        ]
        if not event.booking_page.is_paid:
            for name in PAYER_FIELDS:
                del self.fields[name]
        for name, token in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token
        if len(self.fields["price_option"].choices) == 1:
            self.fields["price_option"].initial = self.fields["price_option"].choices[0][0]
        nights = event.accommodation_nights()
        if nights:
            self.fields["nights"].choices = [
                (night.isoformat(), night_label(night, rooms_left)) for night, rooms_left in free_rooms(event)
            ]
            self.fields["nights"].help_text = _("Price per night: %(price)s.") % {
                "price": price_text(event.accommodation_price_per_night, event.accommodation_vat)
            }
        else:
            del self.fields["nights"]

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
        data = {**dict.fromkeys(PAYER_FIELDS, ""), **self.cleaned_data}
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
