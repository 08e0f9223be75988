"""The booking rule: one transaction locks the event, counts seats and rooms, then confirms or waitlists.

Like pretix's order placement, everything that decides whether a seat exists happens while the
event row is locked, so concurrent registrations are serialised and capacity is never exceeded.
E-mails are sent only after the transaction commits.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.availability import availability
from events.models import EventPage, Registration, RegistrationNight, RegistrationStatus
from events.models.registration import SEAT_HOLDING
from events.notifications import notify


class BookingError(Exception):
    """A registration that cannot be made, with a message for the visitor and the form field it concerns."""

    def __init__(self, message, field_name=None):
        super().__init__(str(message))
        self.message = message
        self.field_name = field_name


@dataclass
class Applicant:
    """What a visitor entered, already validated by the form."""

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


# What the visitor typed, stored as it is on the registration.
APPLICANT_DETAILS = (
    "language",
    "name",
    "email",
    "phone",
    "workplace",
    "profession",
    "payer_type",
    "organisation_name",
    "cvr",
    "ean",
    "order_number",
    "person_reference",
    "billing_address",
    "dietary_needs",
    "accessibility_needs",
)


def lock_event(event_id: int) -> EventPage:
    """Take the row lock that serialises every booking decision for one event."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def count_taken_seats(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_HOLDING).count()


def full_nights(event: EventPage, nights: list[dt.date]) -> list[dt.date]:
    """The requested nights on which every room is already booked."""
    if not nights:
        return []
    booked = dict(
        RegistrationNight.objects.filter(
            registration__event=event, registration__status__in=SEAT_HOLDING, night__in=nights
        )
        .values_list("night")
        .annotate(count=Count("pk"))
    )
    return sorted(night for night in nights if booked.get(night, 0) >= event.rooms_per_night)


def book_seat(event: EventPage, applicant: Applicant) -> Registration:
    """Confirm the applicant, or put them on the waiting list when the event is full."""
    page_seen = event  # the page in the visitor's language: price names come from it
    with transaction.atomic():
        event = lock_event(event.booking_page.pk)
        state = availability(event)
        if not state.can_register:
            raise BookingError(state.reason)
        option = event.price_option(applicant.price_option_id)
        if option is None:
            raise BookingError(_("Choose one of the prices offered."), "price_option")
        # Translations keep the block ids of the source page; the amount always comes from the source.
        label = (page_seen.price_option(option.id) or option).value["label"]
        if Registration.objects.filter(
            event=event, email__iexact=applicant.email, status__in=[*SEAT_HOLDING, RegistrationStatus.WAITING]
        ).exists():
            raise BookingError(
                _("You are already registered for this event. Our e-mail has a link to your registration."),
                "email",
            )
        allowed_nights = set(event.accommodation_nights())
        if any(night not in allowed_nights for night in applicant.nights):
            raise BookingError(_("Choose nights from the list."), "nights")

        has_seat = count_taken_seats(event) < event.capacity
        if has_seat:
            taken = full_nights(event, applicant.nights)
            if taken:
                raise BookingError(
                    _("No rooms are left for the night of %(nights)s. Choose other nights or none.")
                    % {"nights": ", ".join(night.strftime("%d.%m.%Y") for night in taken)},
                    "nights",
                )
        now = timezone.now()
        try:
            registration = Registration.objects.create(
                event=event,
                status=RegistrationStatus.CONFIRMED if has_seat else RegistrationStatus.WAITING,
                price_option_id=option.id,
                price_label=label,
                price_amount=option.value["amount"],
                vat_rate=option.value["vat"],
                accommodation_price_per_night=event.accommodation_price_per_night
                if applicant.nights
                else None,
                accepted_terms_at=now,
                confirmed_at=now if has_seat else None,
                shares_with_participants=applicant.shares_with_participants,
                shares_with_participants_at=now if applicant.shares_with_participants else None,
                **{name: getattr(applicant, name) for name in APPLICANT_DETAILS},
            )
        except IntegrityError as error:  # the database's own guard against a duplicate
            raise BookingError(_("You are already registered for this event."), "email") from error
        RegistrationNight.objects.bulk_create(
            RegistrationNight(registration=registration, night=night)
            for night in sorted(set(applicant.nights))
        )
        notify(registration, "confirmation" if has_seat else "waiting_list")
    return registration


def total_price(registration: Registration) -> Decimal:
    nights = len(registration.nights)
    accommodation = (registration.accommodation_price_per_night or Decimal("0")) * nights
    return registration.price_amount + accommodation


def seat_offer_hours() -> int:
    return int(getattr(settings, "EVENT_SEAT_OFFER_HOURS", 48))


def cancel_registration(registration: Registration) -> Registration:
    """Cancel; a freed seat goes to the first person on the waiting list as a time-limited offer."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED):
            return registration
        freed_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
        notify(registration, "cancellation")
        if freed_seat:
            offer_free_seats(event)
    return registration


def offer_free_seats(event: EventPage) -> list[Registration]:
    """Offer every free seat to the next people on the waiting list. Call with the event locked."""
    free = event.capacity - count_taken_seats(event)
    if free <= 0 or event.end < timezone.now():
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    expires = timezone.now() + dt.timedelta(hours=seat_offer_hours())
    for registration in waiting:
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = min(expires, event.start)
        registration.save(update_fields=["status", "offer_expires_at"])
        notify(registration, "seat_offer")
    return waiting


def accept_offer(registration: Registration) -> Registration:
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.OFFERED:
            raise BookingError(_("This seat offer is no longer open."))
        if registration.offer_expires_at and registration.offer_expires_at <= timezone.now():
            raise BookingError(_("This seat offer has expired."))
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
        notify(registration, "confirmation")
    return registration


def expire_offers(now=None) -> int:
    """Let expired seat offers go and pass the seats on to the next people waiting."""
    now = now or timezone.now()
    expired_count = 0
    event_ids = (
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            event = lock_event(event_id)
            expired = Registration.objects.select_for_update().filter(
                event=event, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            )
            expired_count += expired.update(status=RegistrationStatus.EXPIRED)
            offer_free_seats(event)
    return expired_count
