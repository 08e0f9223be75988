"""Booking by phone: staff place an order on a caller's behalf from the admin (Billing → Orders →
Book by phone), for one or more participants, with the payer's details.

The order goes through billing.services.orders.place_order, the same as a booker's own: the same
seat, room and waiting-list rules, the invoice in the same transaction, each participant's own
e-mail and the booker's. It needs the order's "add" permission as well as "view".
"""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from billing.models import Order
from billing.services.orders import Participant, Payer, place_order
from core.forms import CVRField, EANField
from core.money import format_money
from core.validators import reject_markup
from events.filters import EventChoiceField
from events.models import EventPage
from events.models.registration import PayerType
from events.pricing import option_text
from events.services import BookingError, capacity

order_permissions = ModelPermissionPolicy(Order)
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
# What each payer must give for the invoice, as on the public form.
REQUIRED_FOR_PAYER = {
    PayerType.PRIVATE: ["billing_address"],
    PayerType.COMPANY: ["payer_name", "cvr", "billing_address"],
    PayerType.PUBLIC: ["payer_name", "ean", "person_reference"],
}


def may_book_by_phone(user) -> bool:
    return order_permissions.user_has_permission(user, "view") and order_permissions.user_has_permission(
        user, "add"
    )


class ChooseEventForm(forms.Form):
    event = EventChoiceField(
        label=_("Event"), queryset=EventPage.objects.none(), empty_label=_("Choose the event")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = EventPage.objects.filter(locale_id=Locale.get_default().pk).order_by(
            "-start", "-pk"
        )


class BookerForm(forms.Form):
    """The caller: who books, in which language they get the e-mails and invoice, and who pays."""

    booker_name = forms.CharField(label=_("Booked by"), max_length=120, validators=[reject_markup])
    booker_email = forms.EmailField(label=_("Booker's e-mail"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the e-mails and the invoice"), choices=LANGUAGES)
    payer_type = forms.ChoiceField(label=_("Payer"), choices=PayerType.choices, widget=forms.RadioSelect)
    payer_name = forms.CharField(
        label=_("Payer's name"),
        max_length=160,
        required=False,
        help_text=_("The company or institution; the person for a private payer."),
    )
    cvr = CVRField(label=_("CVR number"), required=False)
    ean = EANField(label=_("EAN number"), required=False)
    buyer_order_number = forms.CharField(
        label=_("Order or requisition number"), max_length=60, required=False
    )
    person_reference = forms.CharField(label=_("Person reference"), max_length=120, required=False)
    billing_address = forms.CharField(
        label=_("Billing address"), max_length=400, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, event: EventPage, **kwargs):
        super().__init__(*args, **kwargs)
        if not event.booking_page.is_paid:
            # A free event invoices nobody, so it asks nothing about paying.
            for name in ("payer_type", "payer_name", "cvr", "ean", "buyer_order_number", "person_reference"):
                del self.fields[name]
            del self.fields["billing_address"]

    def clean(self):
        cleaned = super().clean()
        for name in REQUIRED_FOR_PAYER.get(cleaned.get("payer_type"), []):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Needed for the invoice when this payer is chosen."))
        return cleaned

    def payer(self) -> Payer:
        data = self.cleaned_data
        payer_type = data.get("payer_type", "")
        return Payer(
            booker_name=data["booker_name"].strip(),
            booker_email=data["booker_email"].strip(),
            language=data["language"],
            payer_type=payer_type,
            payer_name=data.get("payer_name", "").strip(),
            cvr=data.get("cvr", "") if payer_type == PayerType.COMPANY else "",
            ean=data.get("ean", "") if payer_type == PayerType.PUBLIC else "",
            buyer_order_number=data.get("buyer_order_number", "").strip(),
            person_reference=data.get("person_reference", "").strip(),
            billing_address=data.get("billing_address", "").strip(),
        )


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, validators=[reject_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=160, required=False)
    profession = forms.CharField(label=_("Profession"), max_length=120, required=False)
    price_option = forms.ChoiceField(label=_("Price"))
    nights = forms.MultipleChoiceField(
        label=_("Overnight stay"), required=False, widget=forms.CheckboxSelectMultiple
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"), max_length=500, required=False, widget=forms.Textarea
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=500, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, event: EventPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price_option"].choices = [
            (block.id, f"{block.value['label']} – {option_text(block)}") for block in event.price_options
        ]
        nights = event.accommodation_nights()
        if nights:
            taken, per_night = capacity.rooms_taken(event), capacity.rooms_per_night(event)
            self.fields["nights"].choices = [
                (
                    night.isoformat(),
                    _("%(night)s (rooms left: %(count)s)")
                    % {
                        "night": formats.date_format(night, "DATE_FORMAT"),
                        "count": max(per_night - taken[night], 0),
                    },
                )
                for night in nights
            ]
        else:
            del self.fields["nights"]

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(
            name=data["name"].strip(),
            email=data["email"].strip(),
            price_option_id=data["price_option"],
            phone=data["phone"].strip(),
            workplace=data["workplace"].strip(),
            profession=data["profession"].strip(),
            dietary_needs=data["dietary_needs"].strip(),
            accessibility_needs=data["accessibility_needs"].strip(),
            nights=[dt.date.fromisoformat(night) for night in data.get("nights", [])],
        )


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, extra=3, min_num=1, validate_min=True, max_num=30, validate_max=True
)


class PhoneBookingView(WagtailAdminTemplateMixin, FormView):
    """First the event, then the caller, the payer and the participants (empty rows are skipped)."""

    template_name = "billing/admin/book_by_phone.html"
    page_title = _("Book by phone")
    header_icon = "list-ul"
    form_class = BookerForm

    def dispatch(self, request, *args, **kwargs):
        if not may_book_by_phone(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("orders:index"), "label": _("Orders")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def chooser(self) -> ChooseEventForm:
        return ChooseEventForm(self.request.GET or None)

    @cached_property
    def event(self) -> EventPage | None:
        return self.chooser.cleaned_data["event"] if self.chooser.is_valid() else None

    def get(self, request, *args, **kwargs):
        if self.event is None:
            return self.render_to_response(self.get_context_data(chooser=self.chooser, form=None))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.event is None:
            return redirect("orders:book_by_phone")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    @cached_property
    def participants(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ParticipantFormSet(data, prefix="participants", form_kwargs={"event": self.event})

    def get_context_data(self, **kwargs):
        if self.event is not None:
            kwargs.setdefault("participants", self.participants)
            kwargs["event"] = self.event
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        if not self.participants.is_valid():
            return self.form_invalid(form)
        participants = [
            participant_form.participant()
            for participant_form in self.participants.forms
            if participant_form.has_changed() and participant_form.cleaned_data
        ]
        payer = form.payer()
        locale = Locale.objects.filter(language_code=payer.language).first()
        event_seen = (self.event.get_translation_or_none(locale) if locale else None) or self.event
        try:
            placed = place_order(event_seen.specific, payer, participants)
        except BookingError as refused:
            form.add_error(None, refused.staff_message)
            return self.form_invalid(form)
        message = _(
            "Order %(number)s placed: %(confirmed)s with a seat, %(waiting)s on the waiting list."
        ) % {
            "number": placed.order.number,
            "confirmed": len(placed.confirmed),
            "waiting": len(placed.waiting),
        }
        if placed.invoice:
            message += " " + _("Invoice %(number)s for %(total)s is e-mailed to the booker.") % {
                "number": placed.invoice.number,
                "total": format_money(placed.invoice.total),
            }
        messages.success(self.request, message)
        return redirect("orders:inspect", placed.order.pk)
