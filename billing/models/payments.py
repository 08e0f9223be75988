"""Payments of invoices and the reminders sent for overdue ones.

An invoice's payment state lives here and not on the invoice: an issued invoice is a bookkeeping
record that the database refuses to change (migration 0002's trigger). Whether an invoice is
unpaid, paid or overdue is worked out from these rows, its credit notes and today's date
(billing/services/payments.py), never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentSource(models.TextChoices):
    MANUAL = "manual", _("Registered by staff")
    BANK = "bank", _("Bank statement")
    # A card or MobilePay provider's webhook, when one is plugged in (docs/billing.md).
    PROVIDER = "provider", _("Payment provider")


class Payment(models.Model):
    """Money received for an invoice; partial payments of one invoice add up."""

    invoice = models.ForeignKey(
        "billing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    source = models.CharField(_("source"), max_length=16, choices=PaymentSource.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    # What identifies the payment at its source: a bank statement line's fingerprint, a provider's
    # transaction id. Unique per source, so a file imported twice or a webhook delivered twice pays
    # once. Empty for payments staff register by hand.
    external_id = models.CharField(_("identifier at the source"), max_length=128, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["invoice", "paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_payment_per_source_identifier",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.invoice} ← {self.amount}"


class PaymentReminder(models.Model):
    """One reminder e-mail sent for an overdue invoice; the reminder job reads them to know when it
    last reminded and how often (billing/services/reminders.py)."""

    invoice = models.ForeignKey(
        "billing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("sent"))
    amount_owed = models.DecimalField(_("amount owed"), max_digits=11, decimal_places=2)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        ordering = ["invoice", "sent_at"]

    def __str__(self):
        return f"{self.invoice}: {self.sent_at:%Y-%m-%d}"
