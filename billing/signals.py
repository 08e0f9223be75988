"""Billing's answers to the events app's signals, inside the events service's transaction."""

from django.dispatch import receiver
from django.utils import timezone

from billing.models import OrderParticipant, OrderStatus
from billing.services import invoicing
from events.models.registration import ACTIVE
from events.signals import registration_cancelled, registration_confirmed


def order_of(registration):
    participant = OrderParticipant.objects.filter(registration=registration).select_related("order").first()
    return participant.order if participant else None


@receiver(registration_confirmed, dispatch_uid="billing_invoices_a_seat_taken_from_the_waiting_list")
def invoice_a_seat_taken_from_the_waiting_list(sender, registration, **kwargs):
    """A participant of an order took a seat offered from the waiting list: invoice their place now
    (never while they were waiting), in the transaction that confirms it."""
    order = order_of(registration)
    if order is None:
        return
    if order.status == OrderStatus.WAITING:
        order.status, order.confirmed_at = OrderStatus.CONFIRMED, timezone.now()
        order.save(update_fields=["status", "confirmed_at"])
    invoice = invoicing.issue_invoice(order)
    if invoice is not None:
        from billing.services.orders import notify_booker

        notify_booker(order, invoice)


@receiver(registration_cancelled, dispatch_uid="billing_credits_a_cancelled_place")
def credit_a_cancelled_place(sender, registration, **kwargs):
    """A participant of an order was cancelled: credit their invoiced place (all of it, or what the
    late-cancellation fee leaves), and cancel the order when nobody is left on it."""
    order = order_of(registration)
    if order is None:
        return
    credit_notes = invoicing.credit_cancelled_place(registration)
    if not order.participants.filter(registration__status__in=ACTIVE).exists():
        order.status, order.cancelled_at = OrderStatus.CANCELLED, timezone.now()
        order.save(update_fields=["status", "cancelled_at"])
    if credit_notes:
        from billing.services.orders import notify_booker

        for credit_note in credit_notes:
            notify_booker(order, credit_note)
