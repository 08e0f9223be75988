"""A registration after booking: cancelling, seat offers from the waiting list, accepting, expiring.

The rule for a freed seat: it goes to the first person waiting whose nights all have a free room.
Someone whose nights are full is passed over and keeps their place in line for the next seat that
comes with a room (pretix's waiting list does the same per product). An open offer holds its seat
and its rooms; accepting checks both again, in case an editor took seats or rooms away meanwhile.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Registration, RegistrationStatus
from events.notifications import notify
from events.services import audit, capacity, locking
from events.services.audit import Actor
from events.services.booking import nights_text
from events.services.errors import BookingError, EventBusy
from events.signals import registration_cancelled, registration_confirmed

logger = logging.getLogger(__name__)

FINISHED = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)


def seat_offer_hours() -> int:
    return settings.EVENT_SEAT_OFFER_HOURS


def cancellation_deadline(event: EventPage) -> dt.datetime:
    return event.cancellation_deadline or event.start


def can_cancel(registration: Registration, now=None) -> bool:
    """Whether the participant may still cancel themselves (staff may cancel at any time)."""
    if registration.status in FINISHED:
        return False
    return (now or timezone.now()) < cancellation_deadline(registration.event)


@dataclass
class Cancellation:
    registration: Registration
    offered: list[Registration] = field(default_factory=list)  # who got the freed seat


def cancel_registration(registration: Registration, *, by: Actor) -> Cancellation:
    """Cancel; a freed seat (with its rooms) is offered to the waiting list. The participant may
    cancel until the cancellation deadline, staff at any time. Cancelling twice changes nothing."""
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        if registration.status in FINISHED:
            return Cancellation(registration)
        if by.kind != "staff" and not can_cancel(registration):
            raise BookingError(
                _("The deadline for cancelling has passed. Please write to us if you cannot come.")
            )
        freed_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
        registration_cancelled.send(sender=Registration, registration=registration, held_seat=freed_seat)
        audit.record(registration, audit.CANCELLED, by)
        notify(registration, "cancellation")
        offered = offer_free_seats(event, by=by) if freed_seat else []
    return Cancellation(registration, offered)


def offer_free_seats(event: EventPage, *, by: Actor) -> list[Registration]:
    """Offer every free seat to the next people waiting whose nights have rooms; who got one.
    No offers once the event has started: the offer would already be over."""
    with transaction.atomic():
        event = locking.lock_event(event.pk)  # the caller's lock, when it holds it already
        now = timezone.now()
        free = event.capacity - capacity.count_taken_seats(event)
        if free <= 0 or event.start <= now:
            return []
        rooms = capacity.rooms_taken(event)
        expires = min(now + dt.timedelta(hours=seat_offer_hours()), event.start)
        offered = []
        waiting = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, status=RegistrationStatus.WAITING)
            .prefetch_related("booked_nights")
            .order_by("created_at", "pk")
        )
        for registration in waiting:
            if len(offered) == free:
                break
            nights = registration.nights
            if any(rooms[night] >= capacity.rooms_per_night(event) for night in nights):
                continue  # keeps their place for a seat that comes with a room
            rooms.update(nights)
            registration.status = RegistrationStatus.OFFERED
            registration.offer_expires_at = expires
            registration.save(update_fields=["status", "offer_expires_at"])
            audit.record(registration, audit.OFFERED, by)
            notify(registration, "seat_offer")
            offered.append(registration)
    return offered


def accept_offer(registration: Registration) -> Registration:
    """The participant takes the offered seat, if it and its rooms are still there."""
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        if registration.status != RegistrationStatus.OFFERED:
            raise BookingError(_("This seat offer is no longer open."))
        if registration.offer_expires_at and registration.offer_expires_at <= timezone.now():
            raise BookingError(_("This seat offer has expired."))
        if capacity.count_taken_seats(event, excluding=registration) >= event.capacity:
            raise BookingError(
                _(
                    "The event has fewer seats now, and the seat can no longer be confirmed. "
                    "Please write to us."
                )
            )
        full = capacity.full_nights(event, registration.nights, excluding=registration)
        if full:
            raise BookingError(
                _(
                    "No room is left any more for the night of %(nights)s, so the seat cannot be confirmed "
                    "with it. Please write to us."
                )
                % {"nights": nights_text(full)},
                "nights",
            )
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
        registration_confirmed.send(sender=Registration, registration=registration)
        audit.record(registration, audit.ACCEPTED, audit.PARTICIPANT)
        notify(registration, "confirmation")
    return registration


def expire_offers(now=None) -> int:
    """Let expired seat offers go and pass the seats on to the next people waiting, event by event.
    An event that is busy is left for the next run."""
    now = now or timezone.now()
    expired_count = 0
    event_ids = (
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        try:
            expired_count += _expire_offers_of(event_id, now)
        except EventBusy:
            logger.warning("Seat offers of event %s not expired: the event is busy; next run.", event_id)
    return expired_count


def _expire_offers_of(event_id: int, now) -> int:
    with transaction.atomic():
        event = locking.lock_event(event_id)
        expired = list(
            Registration.objects.select_for_update(of=("self",)).filter(
                event=event, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            )
        )
        for registration in expired:
            registration.status = RegistrationStatus.EXPIRED
            registration.save(update_fields=["status"])
            audit.record(registration, audit.EXPIRED, audit.SCHEDULE)
        offer_free_seats(event, by=audit.SCHEDULE)
    return len(expired)
