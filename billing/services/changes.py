"""Changing an order after it was placed, by staff: substituting a colleague, and adding or removing
nights of a participant's accommodation.

Each change is one transaction under the event's lock, with the seat and room rules of booking
(events/services/booking.py), and issues in the same transaction the documents it needs:
- a substitution cancels the participant's registration without freeing the seat (the new person
  takes it, so nobody on the waiting list is offered it), books the new person on the same price
  and nights, credits all of the old participant's invoiced lines and invoices the new person's
  place. The invoice names each participant on their line, so even at the same price the payer
  gets a credit note and a new invoice that names who comes;
- an added night is invoiced on an invoice of its own, when the participant's place was invoiced
  (a place on the waiting list is invoiced with its nights when it takes a seat);
- a removed night is credited as a cancelled place is: all of it before the free-cancellation
  deadline, after it what the event's late-cancellation fee leaves.
Documents are issued through billing.services.invoicing, so a public payer's go to the e-invoice
outbox as every other. The booker gets one e-mail with the new documents after the commit.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, Order, OrderParticipant
from billing.services import invoicing
from events.models import Registration, RegistrationNight, RegistrationStatus
from events.models.registration import ACTIVE
from events.notifications import notify
from events.services import audit, capacity, locking
from events.services.audit import staff
from events.services.booking import nights_text
from events.services.errors import BookingError


class ChangeRefused(BookingError):
    """An order change that cannot be made; nothing was changed."""


@dataclass
class Substitute:
    """The colleague who takes a participant's seat, as staff typed them in."""

    name: str
    email: str
    phone: str = ""
    workplace: str = ""
    profession: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""


@dataclass
class OrderChange:
    order: Order
    # The participant after the change: the new person after a substitution.
    registration: Registration
    credit_notes: list[Invoice] = field(default_factory=list)
    invoice: Invoice | None = None

    @property
    def documents(self) -> list[Invoice]:
        return [*self.credit_notes, *([self.invoice] if self.invoice else [])]


def _locked_participant(registration: Registration) -> tuple[Registration, Order]:
    locking.lock_event(registration.event_id)
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    )
    participant = OrderParticipant.objects.filter(registration=registration).select_related("order").first()
    if participant is None:
        raise ChangeRefused(_("This registration belongs to no order."))
    return registration, participant.order


def substitute_participant(registration: Registration, substitute: Substitute, *, user) -> OrderChange:
    """Give a confirmed participant's seat, price and nights to a colleague, with the documents it
    needs. Raises ChangeRefused (nothing changed) or EventBusy."""
    with transaction.atomic():
        old, order = _locked_participant(registration)
        if old.status != RegistrationStatus.CONFIRMED:
            raise ChangeRefused(
                _(
                    "Only a participant with a confirmed seat can be substituted; "
                    "cancel and book again instead."
                )
            )
        if substitute.email.strip().lower() == old.email.lower():
            raise ChangeRefused(
                _(
                    "The colleague needs an e-mail address of their own. To correct the participant's "
                    "details, edit the registration instead."
                ),
                "email",
            )
        if Registration.objects.filter(
            event_id=old.event_id, email__iexact=substitute.email, status__in=ACTIVE
        ).exists():
            raise ChangeRefused(
                _("Someone with this e-mail address is already registered for the event."), "email"
            )
        now = timezone.now()
        nights = old.nights
        # Cancelled without offer_free_seats: the seat is not freed, the colleague takes it.
        old.status, old.cancelled_at = RegistrationStatus.CANCELLED, now
        old.save(update_fields=["status", "cancelled_at"])
        audit.record(old, audit.CANCELLED, staff(user))
        notify(old, "cancellation")
        try:
            with transaction.atomic():
                new = Registration.objects.create(
                    event_id=old.event_id,
                    language=old.language,
                    status=RegistrationStatus.CONFIRMED,
                    confirmed_at=now,
                    accepted_terms_at=now,
                    # The price as it was booked, not as the event's prices read today.
                    **{name: getattr(old, name) for name in PRICE_AND_PAYER},
                    **{name: getattr(substitute, name).strip() for name in SUBSTITUTE_DETAILS},
                )
        except IntegrityError as error:  # the database's own guard against a duplicate
            raise ChangeRefused(
                _("Someone with this e-mail address is already registered for the event."), "email"
            ) from error
        RegistrationNight.objects.bulk_create(
            RegistrationNight(registration=new, night=night) for night in nights
        )
        next_position = max(order.participants.values_list("position", flat=True), default=0) + 1
        OrderParticipant.objects.create(order=order, registration=new, position=next_position)
        notify(new, "confirmation")
        credit_notes = invoicing.credit_lines(invoicing.outstanding_lines(old), invoicing.FULL, now=now)
        # The colleague's place is the order's one confirmed place not invoiced yet.
        invoice = invoicing.issue_invoice(order, now=now)
        change = OrderChange(order, new, credit_notes, invoice)
        notify_booker_of_change(change)
    return change


PRICE_AND_PAYER = (
    "price_option_id",
    "price_label",
    "price_amount",
    "vat_rate",
    "vat_exempt_reason",
    "accommodation_price_per_night",
    "accommodation_vat_rate",
    "payer_type",
    "organisation_name",
    "cvr",
    "ean",
    "order_number",
    "person_reference",
    "billing_address",
)
SUBSTITUTE_DETAILS = (
    "name",
    "email",
    "phone",
    "workplace",
    "profession",
    "dietary_needs",
    "accessibility_needs",
)


def change_nights(registration: Registration, nights: list[dt.date], *, user) -> OrderChange:
    """Give a participant exactly these nights of accommodation: added nights need a free room (as
    in booking) and are invoiced, removed nights are credited. Raises ChangeRefused or EventBusy."""
    with transaction.atomic():
        registration, order = _locked_participant(registration)
        event = registration.event
        if registration.status not in ACTIVE:
            raise ChangeRefused(_("The registration is cancelled; its nights cannot be changed."))
        wanted = set(nights)
        if any(night not in set(event.accommodation_nights()) for night in wanted):
            raise ChangeRefused(_("Choose nights from the list."), "nights")
        current = set(registration.nights)
        added, removed = sorted(wanted - current), sorted(current - wanted)
        if not added and not removed:
            raise ChangeRefused(_("These are the nights the participant has already."), "nights")
        full = capacity.full_nights(event, added, excluding=registration)
        if full:
            raise ChangeRefused(
                _("No rooms are left for the night of %(nights)s. Choose other nights or none.")
                % {"nights": nights_text(full)},
                "nights",
            )
        now = timezone.now()
        RegistrationNight.objects.filter(registration=registration, night__in=removed).delete()
        RegistrationNight.objects.bulk_create(
            RegistrationNight(registration=registration, night=night) for night in added
        )
        if added and registration.accommodation_price_per_night is None:
            # The first nights of someone who booked none: at today's accommodation price.
            registration.accommodation_price_per_night = event.accommodation_price_per_night
            registration.accommodation_vat_rate = event.accommodation_vat
            registration.save(update_fields=["accommodation_price_per_night", "accommodation_vat_rate"])
        audit.record(registration, audit.EDITED, staff(user))
        removed_lines = [
            line
            for line in invoicing.outstanding_lines(registration)
            if line.is_accommodation and line.night in removed
        ]
        credit_notes = invoicing.credit_lines(
            removed_lines, invoicing.share_left_after_fee(event, now), now=now
        )
        invoice = None
        if added and registration.pk in invoicing.invoiced_registrations(order):
            with translation.override(order.language):
                charges = [invoicing.night_charge(registration, night) for night in added]
            invoice = invoicing.invoice_charges(order, charges, now=now)
        change = OrderChange(order, registration, credit_notes, invoice)
        notify_booker_of_change(change)
    return change


def notify_booker_of_change(change: OrderChange) -> None:
    """Queue the booker's e-mail with the change's documents for after the commit; none when the
    change altered nothing that was invoiced."""
    from billing.tasks import send_order_change_email

    if not change.documents:
        return
    order_id, document_ids = change.order.pk, [document.pk for document in change.documents]
    transaction.on_commit(lambda: send_order_change_email.enqueue(order_id, document_ids))
