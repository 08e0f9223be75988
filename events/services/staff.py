"""What only staff do to a registration: check in at the door, correct details, delete.

Each is one transaction under the event lock, like the visitor's changes, so a correction can never
write back a status that a cancellation or an offer has just changed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Registration, RegistrationStatus
from events.models.registration import ACTIVE, fields_where
from events.services import audit, locking
from events.services.audit import staff
from events.services.errors import BookingError
from events.services.registrations import offer_free_seats

EDITED_BY_STAFF = fields_where(edited_by_staff=True)


def _locked(registration: Registration) -> Registration:
    locking.lock_event(registration.event_id)
    return Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)


def check_in(registration: Registration, *, user) -> bool:
    """Mark a confirmed participant present; False when they already were (the first time counts)."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise BookingError(
                _("%(name)s cannot be checked in: the registration is not confirmed.")
                % {"name": registration.name}
            )
        if registration.checked_in_at:
            return False
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at"])
        audit.record(registration, audit.CHECKED_IN, staff(user))
    return True


def undo_check_in(registration: Registration, *, user) -> bool:
    with transaction.atomic():
        registration = _locked(registration)
        if not registration.checked_in_at:
            return False
        registration.checked_in_at = None
        registration.save(update_fields=["checked_in_at"])
        audit.record(registration, audit.CHECK_IN_UNDONE, staff(user))
    return True


def update_details(registration: Registration, *, user, changed: bool = True) -> Registration:
    """Save the details staff may correct (the groups edited by staff) from an edited copy of the
    registration; status, price and dates stay as the services left them."""
    with transaction.atomic():
        current = _locked(registration)
        if (
            current.status in ACTIVE
            and Registration.objects.filter(
                event_id=current.event_id, email__iexact=registration.email, status__in=ACTIVE
            )
            .exclude(pk=current.pk)
            .exists()
        ):
            raise BookingError(
                _("Someone with this e-mail address is already registered for the event."), "email"
            )
        for name in EDITED_BY_STAFF:
            setattr(current, name, getattr(registration, name))
        current.save(update_fields=EDITED_BY_STAFF)
        audit.record(current, audit.EDITED, staff(user), content_changed=changed)
    return current


def delete_registration(registration: Registration, *, user) -> list[Registration]:
    """Delete (e.g. on an erasure request); a seat it held is offered on. Who got it."""
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        held_seat = registration.holds_seat
        audit.record(registration, audit.DELETED, staff(user))
        registration.delete()
        return offer_free_seats(event, by=staff(user)) if held_seat else []
