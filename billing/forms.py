"""The event page's order form: who books, one or more participants, and who pays, checked with
messages in the visitor's language.

The booker is whoever fills in the form (say, a team leader): they get the order's e-mail, the
invoice and the order's page. The participants are the people who take part, each with their own
details; a booker who takes part adds themselves as a participant. The form works without
JavaScript: "Add a participant" and "Remove" are submit buttons that show the form again, with what
was typed, one participant more or less (`redrawn`).
"""

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from billing.services.orders import Participant, ParticipantRefused, Payer
from core.forms import CVRField, EANField, SiteForm, SiteFormRenderer
from core.forms import text_field as text
from core.validators import reject_markup
from events.forms import AUTOCOMPLETE, free_rooms, night_label
from events.models import EventPage
from events.models.registration import PayerType
from events.pricing import option_text, price_text
from events.services import AlreadyRegistered

# Enough for a team; a bigger group writes to us, and a bot cannot make the form endless.
MAX_PARTICIPANTS = 20
PARTICIPANTS_PREFIX = "participants"
ADD_PARTICIPANT = "add_participant"
REMOVE_PARTICIPANT = "remove_participant"

BOOKER_FIELDS = ("booker_name", "booker_email")
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
# What each payer must give for the invoice.
REQUIRED_FOR_PAYER = {
    PayerType.PRIVATE: ["billing_address"],
    PayerType.COMPANY: ["organisation_name", "cvr", "billing_address"],
    PayerType.PUBLIC: ["organisation_name", "ean", "person_reference"],
}


def add_autocomplete(form: forms.Form, tokens: dict[str, str]) -> None:
    """Browsers and password managers fill these in (WCAG 1.3.5, "identify input purpose")."""
    for name, token in tokens.items():
        if name in form.fields:
            form.fields[name].widget.attrs["autocomplete"] = token


class ParticipantForm(forms.Form):
    """One colleague: their own details, price, nights and needs."""

    default_renderer = SiteFormRenderer()

    name = text(_("Name"), 120, required=True, validators=[reject_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = text(_("Phone"), 30)
    workplace = text(_("Workplace"), 160)
    profession = text(_("Profession"), 120)
    price_option = forms.ChoiceField(label=_("Price"), widget=forms.RadioSelect)
    nights = forms.MultipleChoiceField(
        label=_("Overnight stay"), required=False, widget=forms.CheckboxSelectMultiple
    )
    dietary_needs = text(_("Dietary needs"), 500, textarea=True)
    accessibility_needs = text(_("Accessibility needs"), 500, textarea=True)
    # Consent to be shown is the participant's own: the booker gives it only for themselves (a
    # participant with the booker's address); each colleague decides on their own registration page.
    share_with_participants = forms.BooleanField(
        label=_("Show my name, profession and workplace to the other participants"),
        help_text=format_lazy(
            "{} {}",
            _("Only for yourself, if you take part: each colleague decides on their own registration page."),
            _(
                "Only participants who agree to the same see the list, on their own registration page and in "
                "an e-mail after the event. It is never public. You can withdraw at any time."
            ),
        ),
        required=False,
    )

    def __init__(self, *args, event: EventPage, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_autocomplete(self, AUTOCOMPLETE)
        self.fields["price_option"].choices = [
            (block.id, f"{block.value['label']} – {option_text(block)}") for block in event.price_options
        ]
        if len(self.fields["price_option"].choices) == 1:
            self.fields["price_option"].initial = self.fields["price_option"].choices[0][0]
        if rooms:
            self.fields["nights"].choices = [
                (night.isoformat(), night_label(night, rooms_left)) for night, rooms_left in rooms
            ]
            self.fields["nights"].help_text = _("Price per night: %(price)s.") % {
                "price": price_text(event.accommodation_price_per_night, event.accommodation_vat)
            }
        else:
            del self.fields["nights"]

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(
            name=data["name"].strip(),
            email=data["email"].strip(),
            price_option_id=data["price_option"],
            phone=data["phone"],
            workplace=data["workplace"],
            profession=data["profession"],
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
            nights=sorted(dt.date.fromisoformat(night) for night in data.get("nights", [])),
            shares_with_participants=data["share_with_participants"],
        )


class BaseParticipantFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every participant on the form is checked, also one added and left empty: nobody is
        # dropped from an order without the booker seeing why.
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self):
        # Said on the later participant with the same address: the first one is right as it is.
        seen = set()
        for form in self.forms:
            email = form.cleaned_data.get("email", "").strip().lower()
            if email and email in seen:
                form.add_error("email", _("Each participant needs their own e-mail address."))
            seen.add(email)


ParticipantFormSet = formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_PARTICIPANTS,
    validate_max=True,
    absolute_max=MAX_PARTICIPANTS,
)


class OrderForm(SiteForm):
    """The booker, who pays, and the terms; the participants are the formset in `participants`."""

    booker_name = text(_("Your name"), 120, required=True, validators=[reject_markup])
    booker_email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We send the order's confirmation, the invoice and a link to the order here."),
    )
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
    accept_terms = forms.BooleanField(
        label=_("I accept the cancellation terms and the privacy policy."),
        error_messages={"required": _("You must accept the terms and the privacy policy to register.")},
    )

    def __init__(self, event: EventPage, data=None, *, language: str = "da", initial=None, participants=None):
        super().__init__(data, initial=initial)
        self.event = event
        self.language = language
        if not event.booking_page.is_paid:
            for name in PAYER_FIELDS:
                del self.fields[name]
        add_autocomplete(
            self,
            {
                "booker_name": "name",
                "booker_email": "email",
                "organisation_name": "organization",
                "billing_address": "street-address",
            },
        )
        form_kwargs = {"event": event, "rooms": free_rooms(event) if event.accommodation_nights() else None}
        self.participants = participants or ParticipantFormSet(
            data, prefix=PARTICIPANTS_PREFIX, form_kwargs=form_kwargs
        )

    @classmethod
    def redrawn(cls, event: EventPage, data: QueryDict, *, language: str) -> "OrderForm":
        """The form again with what was typed and one participant more or less, without errors:
        nothing was sent yet."""
        rows = participant_rows(data)
        if REMOVE_PARTICIPANT in data:
            try:
                removed = int(data[REMOVE_PARTICIPANT])
            except ValueError:
                removed = -1
            if 0 < removed < len(rows):
                del rows[removed]
        elif ADD_PARTICIPANT in data and len(rows) < MAX_PARTICIPANTS:
            rows.append({})
        rows = rows or [{}]
        form_kwargs = {"event": event, "rooms": free_rooms(event) if event.accommodation_nights() else None}
        participants = ParticipantFormSet(prefix=PARTICIPANTS_PREFIX, initial=rows, form_kwargs=form_kwargs)
        return cls(event, language=language, initial=data.dict(), participants=participants)

    def is_valid(self) -> bool:
        # The form's own clean() adds to the participants' errors (consent), so it runs first.
        form_valid = super().is_valid()
        return self.participants.is_valid() and form_valid

    def clean(self):
        cleaned = super().clean()
        booker_email = cleaned.get("booker_email", "").strip().lower()
        for form in self.participants.forms:
            form.is_valid()  # cleans the participant's fields once, so their e-mail can be compared
            if not form.cleaned_data.get("share_with_participants"):
                continue
            if form.cleaned_data.get("email", "").strip().lower() != booker_email:
                form.add_error(
                    "share_with_participants",
                    _(
                        "Only the participant can agree to this: tick it only for yourself. Your colleagues "
                        "can agree on their own registration page."
                    ),
                )
        for field_name in REQUIRED_FOR_PAYER.get(cleaned.get("payer_type"), []):
            if field_name in cleaned and not cleaned[field_name] and field_name not in self.errors:
                self.add_error(field_name, _("Needed for the invoice when this payer is chosen."))
        return cleaned

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or self.participants.total_error_count() > 0

    def payer(self) -> Payer:
        data = {**dict.fromkeys(PAYER_FIELDS, ""), **self.cleaned_data}
        payer_type = data["payer_type"]
        return Payer(
            booker_name=data["booker_name"].strip(),
            booker_email=data["booker_email"].strip(),
            language=self.language,
            payer_type=payer_type,
            payer_name=data["organisation_name"] if payer_type != PayerType.PRIVATE else data["booker_name"],
            cvr=data["cvr"] if payer_type == PayerType.COMPANY else "",
            ean=data["ean"] if payer_type == PayerType.PUBLIC else "",
            buyer_order_number=data["order_number"] if payer_type == PayerType.PUBLIC else "",
            person_reference=data["person_reference"] if payer_type == PayerType.PUBLIC else "",
            billing_address=data["billing_address"] if payer_type != PayerType.PUBLIC else "",
        )

    def participant_list(self) -> list[Participant]:
        return [form.participant() for form in self.participants.forms]

    def refused(self, refused: ParticipantRefused) -> None:
        """Show why place_order booked nothing, on the participant's field it concerns."""
        form = self.participants.forms[refused.number - 1]
        error = refused.cause
        message = error.message
        if isinstance(error, AlreadyRegistered):
            message = _(
                "This address is already registered for the event, so nobody was booked. We have "
                "e-mailed it the link to its registration. Remove this participant and send the form again."
            )
        if error.field_name in form.fields:
            form.add_error(error.field_name, message)
        else:
            self.add_error(None, refused.message)

    def summary_entries(self) -> list[tuple[str, str, str]]:
        """(field id, label, error) for every error, in the order the page shows the fields."""
        entries = [("", "", error) for error in self.non_field_errors()]
        entries += field_errors(self, BOOKER_FIELDS)
        entries += [("", "", error) for error in self.participants.non_form_errors()]
        for number, form in enumerate(self.participants.forms, start=1):
            entries += field_errors(
                form, form.fields, prefix=_("Participant %(number)s") % {"number": number}
            )
        entries += field_errors(
            self, [name for name in self.fields if name not in ("booker_name", "booker_email")]
        )
        return entries

    def error_summary(self):
        return self.render("billing/components/order_form_errors.html")


def field_errors(form, names, prefix: str = "") -> list[tuple[str, str, str]]:
    entries = []
    for name in names:
        if name not in form.fields or name == "website" or name not in form.errors:
            continue
        field = form[name]
        anchor = f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label
        label = f"{prefix}, {field.label}" if prefix else str(field.label)
        entries += [(anchor, label, error) for error in field.errors]
    return entries


def participant_rows(data: QueryDict) -> list[dict]:
    """What was typed for each participant, as initial values for the form drawn again."""
    try:
        count = min(int(data.get(f"{PARTICIPANTS_PREFIX}-TOTAL_FORMS", "1")), MAX_PARTICIPANTS)
    except ValueError:
        count = 1
    rows = []
    for index in range(max(count, 1)):
        start = f"{PARTICIPANTS_PREFIX}-{index}-"
        row = {key.removeprefix(start): data.get(key) for key in data if key.startswith(start)}
        if f"{start}nights" in data:
            row["nights"] = data.getlist(f"{start}nights")
        rows.append(row)
    return rows
