"""The events app's services, like pretix's `base/services/`: every change of a registration.

Each function is one transaction: it locks the event (`locking.lock_event`), decides, writes,
writes the audit log (`audit`) and schedules its e-mail for after the commit. Views, admin views
and scheduled jobs call these and change no registration themselves.
"""

from events.services.booking import Applicant, book_seat
from events.services.errors import AlreadyRegistered, BookingError, EventBusy
from events.services.links import send_registration_link
from events.services.locking import lock_event
from events.services.registrations import (
    Cancellation,
    accept_offer,
    can_cancel,
    cancel_registration,
    expire_offers,
    offer_free_seats,
)
from events.services.staff import check_in, delete_registration, undo_check_in, update_details

__all__ = [
    "AlreadyRegistered",
    "Applicant",
    "BookingError",
    "Cancellation",
    "EventBusy",
    "accept_offer",
    "book_seat",
    "can_cancel",
    "cancel_registration",
    "check_in",
    "delete_registration",
    "expire_offers",
    "lock_event",
    "offer_free_seats",
    "send_registration_link",
    "undo_check_in",
    "update_details",
]
