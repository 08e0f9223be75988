"""Placing an order: a booker books one or more colleagues for an event in one transaction.

Under the event's lock, each participant is booked in turn with the events app's own `book_seat`
(the same seat and room rules as a single registration): while seats are left a participant gets
one, after that the rest go on the waiting list, in the order the booker listed them. A night
without a free room refuses the whole order (as it refuses a single registration), and so does an
address that is already registered for the event: nothing is booked then. The invoice for the
confirmed places is issued in the same transaction. Each participant gets their own e-mail (from
`book_seat`); the booker gets the order's, after the commit.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, Order, OrderParticipant, OrderStatus
from billing.services import invoicing
from events.models import EventPage, Registration, RegistrationStatus
from events.models.registration import PayerType
from events.services import Applicant, BookingError, book_seat, lock_event


@dataclass
class Payer:
    """Who books and who pays. A free event needs no payer (payer_type "")."""

    booker_name: str
    booker_email: str
    language: str = "da"
    payer_type: str = ""
    payer_name: str = ""
    cvr: str = ""
    ean: str = ""
    buyer_order_number: str = ""
    person_reference: str = ""
    billing_address: str = ""


@dataclass
class Participant:
    """One colleague in the order, with their own details, price and nights."""

    name: str
    email: str
    price_option_id: str
    phone: str = ""
    workplace: str = ""
    profession: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    nights: list[dt.date] = field(default_factory=list)
    shares_with_participants: bool = False


@dataclass
class PlacedOrder:
    order: Order
    confirmed: list[Registration]
    waiting: list[Registration]
    invoice: Invoice | None


class ParticipantRefused(BookingError):
    """One participant could not be booked, so nothing was; `number` says which (from 1)."""

    def __init__(self, number: int, error: BookingError):
        super().__init__(
            _("Participant %(number)s: %(message)s") % {"number": number, "message": error.message},
            error.field_name,
            _("Participant %(number)s: %(message)s") % {"number": number, "message": error.staff_message},
        )
        self.number = number
        self.cause = error


def applicant_for(payer: Payer, participant: Participant) -> Applicant:
    pays_as_organisation = payer.payer_type in (PayerType.COMPANY, PayerType.PUBLIC)
    return Applicant(
        name=participant.name,
        email=participant.email,
        price_option_id=participant.price_option_id,
        payer_type=payer.payer_type,
        accepted_terms=True,
        language=payer.language,
        phone=participant.phone,
        workplace=participant.workplace,
        profession=participant.profession,
        organisation_name=payer.payer_name if pays_as_organisation else "",
        cvr=payer.cvr if payer.payer_type == PayerType.COMPANY else "",
        ean=payer.ean if payer.payer_type == PayerType.PUBLIC else "",
        order_number=payer.buyer_order_number,
        person_reference=payer.person_reference,
        billing_address=payer.billing_address,
        dietary_needs=participant.dietary_needs,
        accessibility_needs=participant.accessibility_needs,
        nights=participant.nights,
        shares_with_participants=participant.shares_with_participants,
    )


def place_order(event: EventPage, payer: Payer, participants: list[Participant]) -> PlacedOrder:
    """Book every participant, confirmed while seats last and waiting after; invoice the confirmed.

    `event` is the page in the booker's language. Raises ParticipantRefused (nothing booked) when
    one participant cannot be booked, and EventBusy when the event's lock cannot be had in time.
    """
    if not participants:
        raise BookingError(_("Add at least one participant."))
    if event.booking_page.is_paid and payer.payer_type not in PayerType.values:
        # Never a default: an invoice to a payer nobody chose goes to the wrong place.
        raise BookingError(_("Choose who pays: you, a company or a public institution."), "payer_type")
    with transaction.atomic():
        lock_event(event.booking_page.pk)
        registrations = []
        for number, participant in enumerate(participants, start=1):
            try:
                registrations.append(book_seat(event, applicant_for(payer, participant)))
            except BookingError as error:
                raise ParticipantRefused(number, error) from error
        now = timezone.now()
        confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
        order = Order.objects.create(
            event=event.booking_page,
            status=OrderStatus.CONFIRMED if confirmed else OrderStatus.WAITING,
            confirmed_at=now if confirmed else None,
            language=payer.language,
            booker_name=payer.booker_name,
            booker_email=payer.booker_email,
            payer_type=payer.payer_type,
            payer_name=payer.payer_name,
            cvr=payer.cvr,
            ean=payer.ean,
            buyer_order_number=payer.buyer_order_number,
            person_reference=payer.person_reference,
            billing_address=payer.billing_address,
        )
        OrderParticipant.objects.bulk_create(
            OrderParticipant(order=order, registration=registration, position=position)
            for position, registration in enumerate(registrations, start=1)
        )
        invoice = invoicing.issue_invoice(order, now=now)
        notify_booker(order, invoice)
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    return PlacedOrder(order, confirmed, waiting, invoice)


def notify_booker(order: Order, invoice: Invoice | None) -> None:
    """Queue the booker's e-mail about the order for after the commit."""
    from billing.tasks import send_order_email

    order_id, invoice_id = order.pk, invoice.pk if invoice else None
    transaction.on_commit(lambda: send_order_email.enqueue(order_id, invoice_id))
