"""Invoices and credit notes: numbered from one gap-free series, written once and never changed.

An issued document is a bookkeeping record (kept five years, bokføringsloven § 10): it holds its
own copy of the seller, the buyer, every line and the VAT per rate, so later changes to the order,
the registrations, the event or the site settings, and the erasure of a person's other data, never
change what was invoiced. Corrections are made with a credit note, never by editing.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.registration import PayerType


class IssuedDocumentChanged(Exception):
    """Someone tried to change or delete an issued invoice or credit note."""


class DocumentSeries(models.Model):
    """The last number given out in a series. Its row is locked (SELECT … FOR UPDATE) by the
    transaction that issues a document, so numbers are taken one at a time, and a transaction that
    rolls back gives its number back with it: the series has no gaps and no duplicates."""

    name = models.CharField(max_length=32, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self):
        return f"{self.name}: {self.last_number}"


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class ImmutableOnceIssued(models.Model):
    """Saved once, when it is issued; every later save or delete raises IssuedDocumentChanged."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IssuedDocumentChanged(f"{type(self).__name__} {self.pk} is issued and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssuedDocumentChanged(f"{type(self).__name__} {self.pk} is issued and cannot be deleted.")


class Invoice(ImmutableOnceIssued):
    # Invoices and credit notes share one series, as the bookkeeping reads them in one sequence.
    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    order = models.ForeignKey(
        "billing.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoices"
    )
    credits = models.ForeignKey(
        "self",
        verbose_name=_("credits invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    language = models.CharField(_("language"), max_length=8)
    issued_at = models.DateTimeField(_("issued"))
    issue_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    currency = models.CharField(_("currency"), max_length=3, default="DKK")

    seller_name = models.CharField(_("seller"), max_length=120)
    seller_address = models.TextField(_("seller's address"))
    seller_cvr = models.CharField(_("seller's CVR number"), max_length=8)
    payment_details = models.TextField(_("payment details"), blank=True)
    # The same account as fields, for the e-invoice's payment means (billing/einvoice.py); empty on
    # documents issued before e-invoices were made, whose e-invoice then names no account.
    payee_bank_registration_number = models.CharField(_("registration number"), max_length=4, blank=True)
    payee_bank_account_number = models.CharField(_("account number"), max_length=10, blank=True)
    payee_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    payee_bic = models.CharField(_("BIC/SWIFT"), max_length=11, blank=True)

    payer_type = models.CharField(_("payer"), max_length=16, choices=PayerType.choices)
    buyer_name = models.CharField(_("buyer"), max_length=160)
    buyer_address = models.TextField(_("buyer's address"), blank=True)
    buyer_cvr = models.CharField(_("buyer's CVR number"), max_length=8, blank=True)
    buyer_ean = models.CharField(_("EAN number"), max_length=13, blank=True)
    buyer_order_number = models.CharField(_("order or requisition number"), max_length=60, blank=True)
    buyer_person_reference = models.CharField(_("person reference"), max_length=120, blank=True)
    event_title = models.CharField(_("event"), max_length=255)

    # Amounts in DKK; a credit note's are positive too, its kind says they are credited.
    net_total = models.DecimalField(_("net amount"), max_digits=11, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=11, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=11, decimal_places=2)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class InvoiceLine(ImmutableOnceIssued):
    """One participant's seat, or one night of one participant's accommodation."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("description"), max_length=300)
    # Which registration the line charges for, to know what is invoiced; the line itself keeps
    # the description and amounts if the registration is later deleted on an erasure request.
    registration = models.ForeignKey(
        "events.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_accommodation = models.BooleanField(default=False)
    night = models.DateField(_("night"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=7, decimal_places=2, default=Decimal("1"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_exempt_reason = models.CharField(_("reason for VAT exemption"), max_length=160, blank=True)
    # The price as the visitor saw it (including VAT), and its part without VAT.
    gross_amount = models.DecimalField(_("amount incl. VAT"), max_digits=11, decimal_places=2)
    net_amount = models.DecimalField(_("amount excl. VAT"), max_digits=11, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [models.UniqueConstraint(fields=["invoice", "position"], name="one_line_per_position")]

    def __str__(self):
        return self.description


class InvoiceVat(ImmutableOnceIssued):
    """The VAT of one rate on a document: what it is charged on, how much, or why there is none."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="vat_breakdown")
    rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    exempt_reason = models.CharField(_("reason for VAT exemption"), max_length=160, blank=True)
    taxable_amount = models.DecimalField(_("amount excl. VAT"), max_digits=11, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT"), max_digits=11, decimal_places=2)

    class Meta:
        verbose_name = _("VAT on an invoice")
        verbose_name_plural = _("VAT on invoices")
        ordering = ["invoice", "-rate", "exempt_reason"]

    def __str__(self):
        return f"{self.rate} %: {self.vat_amount}"
