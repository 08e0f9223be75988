"""Billing's answers to the events app's signals, inside the events service's transaction."""

from django.dispatch import receiver
from django.utils import timezone

from billing.models import OrderParticipant, OrderStatus
from billing.services import invoicing
from events.signals import registration_confirmed


@receiver(registration_confirmed, dispatch_uid="billing_invoices_a_seat_taken_from_the_waiting_list")
def invoice_a_seat_taken_from_the_waiting_list(sender, registration, **kwargs):
    """A participant of an order took a seat offered from the waiting list: invoice their place now
    (never while they were waiting), in the transaction that confirms it."""
    participant = OrderParticipant.objects.filter(registration=registration).select_related("order").first()
    if participant is None:
        return
    order = participant.order
    if order.status == OrderStatus.WAITING:
        order.status, order.confirmed_at = OrderStatus.CONFIRMED, timezone.now()
        order.save(update_fields=["status", "confirmed_at"])
    invoice = invoicing.issue_invoice(order)
    if invoice is not None:
        from billing.services.orders import notify_booker

        notify_booker(order, invoice)
