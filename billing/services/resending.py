"""Sending the booker an order's e-mail or one of its documents again, when staff are asked to (the
e-mail went astray, the accountant needs the PDF once more). The e-mails are the ones the booker got:
the order's with its newest invoice, or the document's PDF in the payer's language."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, InvoiceKind, Order
from billing.services.orders import notify_booker
from events.services.errors import BookingError


class ResendRefused(BookingError):
    """Nothing can be sent: the booker's address was erased on their request."""


def booker_address_of(order: Order) -> str:
    if not order.booker_email:
        raise ResendRefused(
            _("The booker's e-mail address has been erased, so nothing can be sent. Export the PDF instead.")
        )
    return order.booker_email


def resend_order_email(order: Order) -> Invoice | None:
    """Queue the order's e-mail again, with the newest invoice of the order (None: it has none)."""
    booker_address_of(order)
    invoice = order.invoices.filter(kind=InvoiceKind.INVOICE).order_by("-number").first()
    with transaction.atomic():
        notify_booker(order, invoice)
    return invoice


def send_document_to_booker(invoice: Invoice) -> str:
    """Queue an e-mail with the invoice's or credit note's PDF to the order's booker; their address."""
    from billing.tasks import send_document_email

    address = booker_address_of(invoice.order)
    invoice_id = invoice.pk
    with transaction.atomic():
        transaction.on_commit(lambda: send_document_email.enqueue(invoice_id))
    return address
