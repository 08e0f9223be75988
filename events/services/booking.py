"""Booking: one transaction locks the event, counts seats and rooms, then confirms or waitlists.

Like pretix's order placement, everything that decides whether a seat or a room exists happens while
the event row is locked, so concurrent registrations are serialised and capacity is never exceeded.
E-mails are sent only after the transaction commits.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.availability import availability
from events.models import EventPage, Registration, RegistrationNight, RegistrationStatus
from events.models.registration import ACTIVE, fields_where
from events.notifications import notify
from events.services import capacity, locking
from events.services.errors import AlreadyRegistered, BookingError
from events.vocabulary import VatRate

# What the visitor typed, stored as it is on the registration (the groups in models/registration.py).
ENTERED_BY_VISITOR = fields_where(entered_by_visitor=True)


@dataclass
class Applicant:
    """What a visitor entered, already validated by the form. Its fields are the registration's
    fields entered by the visitor, plus the choices booking turns into something else (a test
    keeps the two in step)."""

    name: str
    email: str
    price_option_id: str
    payer_type: str
    accepted_terms: bool
    language: str = "da"
    phone: str = ""
    workplace: str = ""
    profession: str = ""
    organisation_name: str = ""
    cvr: str = ""
    ean: str = ""
    order_number: str = ""
    person_reference: str = ""
    billing_address: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    nights: list[dt.date] = field(default_factory=list)
    shares_with_participants: bool = False


def nights_text(nights) -> str:
    return ", ".join(date_format(night, "SHORT_DATE_FORMAT") for night in nights)


def book_seat(event: EventPage, applicant: Applicant) -> Registration:
    """Confirm the applicant, or put them on the waiting list when the event is full.

    Nights must have a free room whether the applicant gets a seat or a place on the waiting list.
    An address that is already registered gets the same checks as a new one, and then
    AlreadyRegistered, so that its answer on the page can be the same as a new registration's.
    """
    page_seen = event  # the page in the visitor's language: price names come from it
    with transaction.atomic():
        event = locking.lock_event(event.booking_page.pk)
        state = availability(event)
        if not state.can_register:
            raise BookingError(state.reason)
        option = event.price_option(applicant.price_option_id)
        if option is None:
            raise BookingError(_("Choose one of the prices offered."), "price_option")
        # Translations keep the block ids of the source page; the amount always comes from the source.
        label = (page_seen.price_option(option.id) or option).value["label"]
        allowed_nights = set(event.accommodation_nights())
        if any(night not in allowed_nights for night in applicant.nights):
            raise BookingError(_("Choose nights from the list."), "nights")

        has_seat = capacity.count_taken_seats(event) < event.capacity
        # Like a seat, a room must be free to be had, also for a place on the waiting list.
        taken = capacity.full_nights(event, applicant.nights)
        if taken:
            raise BookingError(
                _("No rooms are left for the night of %(nights)s. Choose other nights or none.")
                % {"nights": nights_text(taken)},
                "nights",
            )
        if Registration.objects.filter(
            event=event, email__iexact=applicant.email, status__in=ACTIVE
        ).exists():
            raise AlreadyRegistered(applicant.email)
        now = timezone.now()
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    status=RegistrationStatus.CONFIRMED if has_seat else RegistrationStatus.WAITING,
                    price_option_id=option.id,
                    price_label=label,
                    price_amount=option.value["amount"],
                    vat_rate=option.value["vat"],
                    vat_exempt_reason=""
                    if option.value["vat"] == VatRate.STANDARD
                    else option.value.get("vat_exempt_reason") or "",
                    accommodation_price_per_night=event.accommodation_price_per_night
                    if applicant.nights
                    else None,
                    accommodation_vat_rate=event.accommodation_vat,
                    accepted_terms_at=now,
                    confirmed_at=now if has_seat else None,
                    shares_with_participants=applicant.shares_with_participants,
                    shares_with_participants_at=now if applicant.shares_with_participants else None,
                    **{name: getattr(applicant, name) for name in ENTERED_BY_VISITOR},
                )
        except IntegrityError as error:  # the database's own guard against a duplicate
            raise AlreadyRegistered(applicant.email) from error
        RegistrationNight.objects.bulk_create(
            RegistrationNight(registration=registration, night=night)
            for night in sorted(set(applicant.nights))
        )
        notify(registration, "confirmation" if has_seat else "waiting_list")
    return registration
