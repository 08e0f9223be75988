"""What is owed on an invoice, whether it is unpaid, paid or overdue, and recording a payment.

`record_payment` is the one place money comes in: the staff's form, the bank statement import and
a future card/MobilePay provider's webhook all call it (docs/billing.md, "Payments").

The status is derived, never stored: owed = the invoice's total − its credit notes − its payments;
paid when nothing is owed, overdue when something is owed after the due date, else unpaid. A
stored status would need a job to turn "unpaid" into "overdue" at midnight and could disagree with
the payments; the invoice row itself cannot hold it, as issued invoices never change.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, InvoiceKind, Payment, PaymentSource
from core.money import format_money, to_cents

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=11, decimal_places=2)


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")


class PaymentRefused(Exception):
    """A payment that cannot be recorded; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class PaymentAlreadyRecorded(PaymentRefused):
    """The source already delivered this payment (same `external_id`): nothing is recorded again."""

    def __init__(self, payment: Payment):
        super().__init__(_("This payment was recorded before."))
        self.payment = payment


def _sum_per_invoice(rows: QuerySet, invoice_field: str, amount_field: str) -> Coalesce:
    """The sum of `amount_field` over the rows pointing at the outer invoice, 0 when there are none."""
    total = (
        rows.filter(**{invoice_field: OuterRef("pk")})
        .order_by()
        .values(invoice_field)
        .annotate(total=Sum(amount_field))
        .values("total")[:1]
    )
    return Coalesce(Subquery(total), Value(ZERO), output_field=MONEY)


def with_amount_owed(invoices: QuerySet) -> QuerySet:
    """Invoices annotated with `amount_credited`, `amount_paid` and `amount_owed` (in one query)."""
    if "amount_owed" in invoices.query.annotations:
        return invoices
    return invoices.annotate(
        amount_credited=_sum_per_invoice(
            Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE), "credits", "total"
        ),
        amount_paid=_sum_per_invoice(Payment.objects.all(), "invoice", "amount"),
    ).annotate(amount_owed=F("total") - F("amount_credited") - F("amount_paid"))


def with_payment_status(invoices: QuerySet, status: str, today: dt.date | None = None) -> QuerySet:
    """The invoices (never credit notes) of one payment status, as of `today`."""
    today = today or timezone.localdate()
    invoices = with_amount_owed(invoices).filter(kind=InvoiceKind.INVOICE)
    if status == PaymentStatus.PAID:
        return invoices.filter(amount_owed__lte=0)
    if status == PaymentStatus.OVERDUE:
        return invoices.filter(amount_owed__gt=0, due_date__lt=today)
    return invoices.filter(Q(amount_owed__gt=0) & Q(due_date__gte=today))


def orders_by_payment(orders: QuerySet, status: str, today: dt.date | None = None) -> QuerySet:
    """Orders by the payment of their invoices: "overdue" with an overdue invoice, "unpaid" with an
    invoice owed and not yet due, "paid" with invoices and nothing owed on any of them."""
    invoices = Invoice.objects.filter(kind=InvoiceKind.INVOICE)
    having = with_payment_status(invoices, status, today).values("order")
    if status != PaymentStatus.PAID:
        return orders.filter(pk__in=having)
    owing = with_amount_owed(invoices).filter(amount_owed__gt=0).values("order")
    return orders.filter(pk__in=having).exclude(pk__in=owing)


def amount_owed(invoice: Invoice) -> Decimal:
    """What is still to be paid on an invoice: its total less its credit notes and payments. Below
    zero when more was paid than is owed after a credit note (the payer is owed money back)."""
    return with_amount_owed(Invoice.objects.filter(pk=invoice.pk)).values_list("amount_owed", flat=True).get()


def status_for(owed: Decimal, due_date: dt.date, today: dt.date | None = None) -> str:
    if owed <= 0:
        return PaymentStatus.PAID
    if due_date < (today or timezone.localdate()):
        return PaymentStatus.OVERDUE
    return PaymentStatus.UNPAID


def payment_status(invoice: Invoice, today: dt.date | None = None) -> str | None:
    """ "unpaid", "paid" or "overdue" for an invoice; None for a credit note, which is not paid."""
    if invoice.kind != InvoiceKind.INVOICE:
        return None
    owed = getattr(invoice, "amount_owed", None)
    return status_for(amount_owed(invoice) if owed is None else owed, invoice.due_date, today)


def lock_invoice(invoice: Invoice) -> None:
    """Lock the invoice's row until the transaction ends. Two payments of one invoice at once (a
    staff member and an import) then see each other's amount, so together they never pay more than
    is owed. Locking is not an update: the trigger that guards issued invoices lets it pass."""
    Invoice.objects.select_for_update().filter(pk=invoice.pk).values_list("pk").get()


@dataclass
class RecordedPayment:
    payment: Payment
    amount_owed: Decimal


def record_payment(
    invoice: Invoice,
    amount: Decimal,
    paid_on: dt.date,
    source: str,
    *,
    reference: str = "",
    external_id: str = "",
    recorded_by=None,
) -> RecordedPayment:
    """Record money received for `invoice`; what is owed afterwards.

    Refuses (PaymentRefused, nothing recorded) a credit note, an amount that is not positive, and
    more than is owed: an overpayment is settled by hand, outside the portal. A payment whose
    `external_id` its source delivered before raises PaymentAlreadyRecorded, so a bank file imported
    twice, or a provider's webhook delivered twice, pays once.
    """
    if source not in PaymentSource.values:
        raise ValueError(f"Unknown payment source {source!r}")
    amount = to_cents(amount)
    if invoice.kind != InvoiceKind.INVOICE:
        raise PaymentRefused(_("A credit note is not paid; register the payment on the invoice."))
    if amount <= 0:
        raise PaymentRefused(_("The amount must be more than zero."))
    with transaction.atomic():
        lock_invoice(invoice)
        if external_id:
            earlier = Payment.objects.filter(source=source, external_id=external_id).first()
            if earlier is not None:
                raise PaymentAlreadyRecorded(earlier)
        owed = amount_owed(invoice)
        if owed <= 0:
            raise PaymentRefused(_("The invoice is already paid."))
        if amount > owed:
            raise PaymentRefused(
                _("The amount is more than the %(owed)s still owed.") % {"owed": format_money(owed)}
            )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    invoice=invoice,
                    amount=amount,
                    paid_on=paid_on,
                    source=source,
                    reference=reference[:200],
                    external_id=external_id,
                    recorded_by=recorded_by,
                )
        except IntegrityError:
            # The same delivery recorded by another process for another invoice a moment ago.
            earlier = Payment.objects.get(source=source, external_id=external_id)
            raise PaymentAlreadyRecorded(earlier) from None
    return RecordedPayment(payment, owed - amount)
