"""The e-invoice outbox: each public payer's invoice or credit note gets its UBL document in the
transaction that issues it, and a background task hands it to the configured sender after commit.

A message goes made → sent (the sender took it) → accepted (the provider or the receiver confirmed
it); a sender's error marks it failed with the error, and staff can send a failed one again.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from billing.einvoice import GLN_SCHEME, ubl_document, ubl_filename
from billing.models import EInvoiceMessage, EInvoiceStatus, Invoice
from billing.senders import OutgoingEInvoice, configured_sender

logger = logging.getLogger(__name__)

# A message in these states goes to the sender when its task runs; a sent one is never sent twice.
SENDABLE = (EInvoiceStatus.MADE, EInvoiceStatus.FAILED)
MAX_ERROR_LENGTH = 2000


def add_to_outbox(invoice: Invoice) -> EInvoiceMessage:
    """Make the document's UBL message in the issuing transaction and send it after the commit (a
    rolled-back invoice leaves no message and sends nothing)."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("add_to_outbox() must run in the transaction that issues.")
    message = EInvoiceMessage.objects.create(invoice=invoice, document=ubl_document(invoice).decode("utf-8"))
    queue(message)
    return message


def queue(message: EInvoiceMessage) -> None:
    from billing.tasks import send_einvoice

    message_id = message.pk
    transaction.on_commit(lambda: send_einvoice.enqueue(message_id))


def outgoing(message: EInvoiceMessage) -> OutgoingEInvoice:
    invoice = message.invoice
    return OutgoingEInvoice(
        number=invoice.number,
        kind=invoice.kind,
        filename=ubl_filename(invoice),
        receiver_scheme=GLN_SCHEME,
        receiver_id=invoice.buyer_ean,
        document=message.document.encode("utf-8"),
    )


def send(message_id: int) -> EInvoiceMessage | None:
    """Hand a made or failed message to the sender and record what happened. The row stays locked
    while it is sent, so two tasks for one message (a resend clicked twice) never send it twice."""
    with transaction.atomic():
        message = (
            EInvoiceMessage.objects.select_for_update()
            .select_related("invoice")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status not in SENDABLE:
            return message
        message.attempts += 1
        message.sender = settings.EINVOICE_SENDER
        try:
            reference = configured_sender().send(outgoing(message))
        except Exception as error:  # whatever the sender raises is its failure, shown to staff
            message.status, message.failed_at = EInvoiceStatus.FAILED, timezone.now()
            message.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
            logger.warning("E-invoice %s failed on try %d: %s", message.invoice, message.attempts, error)
        else:
            message.status, message.sent_at = EInvoiceStatus.SENT, timezone.now()
            message.sender_reference, message.last_error = str(reference or "")[:200], ""
        message.save()
    return message


def send_again(message: EInvoiceMessage) -> bool:
    """Queue a failed message for another try; False when it is not failed (nothing to do)."""
    with transaction.atomic():
        if not EInvoiceMessage.objects.filter(pk=message.pk, status=EInvoiceStatus.FAILED).exists():
            return False
        queue(message)
    return True


def mark_accepted(message: EInvoiceMessage, at=None) -> bool:
    """Record that the provider or the receiver confirmed a sent message (for a provider's receipt
    or callback to call); False when it was not sent."""
    return bool(
        EInvoiceMessage.objects.filter(pk=message.pk, status=EInvoiceStatus.SENT).update(
            status=EInvoiceStatus.ACCEPTED, accepted_at=at or timezone.now()
        )
    )
