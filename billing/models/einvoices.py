"""The e-invoice outbox: one message for each UBL document of a public payer's invoice or credit
note, made in the transaction that issues the document and sent after it commits.

The message keeps the XML as it was made and sent, and what became of it: made (waiting to go out),
sent (the sender handed it on), failed (the sender could not; staff may send it again), accepted
(the access-point provider or the receiver confirmed it).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EInvoiceStatus(models.TextChoices):
    MADE = "made", _("Made")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    ACCEPTED = "accepted", _("Accepted")


class EInvoiceMessage(models.Model):
    invoice = models.OneToOneField(
        "billing.Invoice", verbose_name=_("document"), on_delete=models.PROTECT, related_name="einvoice"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EInvoiceStatus.choices, default=EInvoiceStatus.MADE
    )
    # The UBL document as made when the invoice was issued: what was sent is what is kept.
    document = models.TextField(_("UBL document"))
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Which sender handed it on, and what that sender calls it (a file name, a provider's message id).
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    sender_reference = models.CharField(_("sender's reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("e-invoice")
        verbose_name_plural = _("e-invoices")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_einvoicemessage", _("Can send a failed e-invoice again"))]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return _("E-invoice for %(document)s") % {"document": self.invoice}
