"""E-invoice senders: what hands a UBL document on to the Peppol network, chosen by a setting.

The portal is no Peppol access point. A sender gives the document to one: the shipped FolderSender
drops the file into a folder that an access-point provider's software collects; a provider's API
is plugged in by writing a class with the same `send` method and naming it in EINVOICE_SENDER
(a dotted path, like Django's EMAIL_BACKEND). docs/billing.md ("E-invoices") says how.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingEInvoice:
    """One UBL document to send, with what a provider's API usually asks for beside it."""

    number: int
    kind: str  # "invoice" or "credit_note"
    filename: str  # "invoice-12.xml": unique, the same on every try
    receiver_scheme: str  # "0088": the receiver's EAN (GLN)
    receiver_id: str
    document: bytes


class EInvoiceSender:
    """The interface of a sender.

    `send` hands the document on and returns the sender's reference for it (a file name, the
    provider's message id), which the outbox keeps. It raises any exception when it could not; the
    outbox then marks the message failed with the error, and staff can send it again. A failed or
    interrupted try can be repeated, so sending the same document twice must be harmless: use
    `filename` (or the number) as the provider's idempotency key.
    """

    def send(self, einvoice: OutgoingEInvoice) -> str:
        raise NotImplementedError


class FolderSender(EInvoiceSender):
    """Writes each document into EINVOICE_OUTBOX_DIR for an access-point provider to collect.

    The file appears whole or not at all: it is written under a hidden temporary name in the same
    folder, flushed to disk, then renamed, so the provider never picks up half a document. Sending
    again replaces the file of the same name.
    """

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder or settings.EINVOICE_OUTBOX_DIR)

    def send(self, einvoice: OutgoingEInvoice) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", suffix=".part", delete=False) as part:
            try:
                part.write(einvoice.document)
                part.flush()
                os.fsync(part.fileno())
            except BaseException:
                os.unlink(part.name)
                raise
        # The provider's software may run as another user of the same group.
        os.chmod(part.name, 0o640)
        os.replace(part.name, self.folder / einvoice.filename)
        return einvoice.filename


def configured_sender() -> EInvoiceSender:
    """The sender named in EINVOICE_SENDER."""
    return import_string(settings.EINVOICE_SENDER)()
