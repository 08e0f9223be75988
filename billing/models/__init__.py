"""Billing's models: orders and their participants, invoices with their lines and VAT, the number
series, payments and reminders, the e-invoice outbox, and the seller's payment details."""

from billing.models.einvoices import EInvoiceMessage, EInvoiceStatus
from billing.models.invoices import (
    DocumentSeries,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceVat,
    IssuedDocumentChanged,
)
from billing.models.orders import Order, OrderParticipant, OrderStatus
from billing.models.payments import Payment, PaymentReminder, PaymentSource
from billing.models.settings import BillingSettings

__all__ = [
    "BillingSettings",
    "DocumentSeries",
    "EInvoiceMessage",
    "EInvoiceStatus",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "InvoiceVat",
    "IssuedDocumentChanged",
    "Order",
    "OrderParticipant",
    "OrderStatus",
    "Payment",
    "PaymentReminder",
    "PaymentSource",
]
