"""Orders in a person's data request: what is exported and what erasing may remove.

Issued invoices and credit notes are bookkeeping records that must be kept five years
(bokføringsloven § 10); GDPR art. 17(3)(b) lets them stay after an erasure request, so erasing
never touches them. It removes the booker's name and address from their orders, and the payer's
details from orders that no document needs them for (no invoice issued, nobody still booked).
"""

from django.db.models import Q
from django.utils import timezone

from billing.models import Invoice, Order
from core.personal_data import ANONYMOUS_NAME
from events.models.registration import ACTIVE

PAYER_FIELDS = ("payer_name", "cvr", "ean", "buyer_order_number", "person_reference", "billing_address")


def orders_of(email: str):
    return Order.objects.filter(booker_email__iexact=email.strip())


def export_orders(email: str) -> list[dict]:
    exported = []
    for order in orders_of(email).select_related("event").prefetch_related("invoices"):
        exported.append(
            {
                "order": order.number,
                "event": order.event.title,
                "status": order.status,
                "ordered": order.created_at.isoformat(),
                "booker_name": order.booker_name,
                "booker_email": order.booker_email,
                "language": order.language,
                "payer_type": order.payer_type,
                **{name: getattr(order, name) for name in PAYER_FIELDS},
                "invoices": [
                    {
                        "number": invoice.number,
                        "kind": invoice.kind,
                        "issued": invoice.issue_date.isoformat(),
                        "buyer": invoice.buyer_name,
                        "total": str(invoice.total),
                    }
                    for invoice in invoice_documents(order)
                ],
            }
        )
    return exported


def invoice_documents(order: Order) -> list[Invoice]:
    return sorted(order.invoices.all(), key=lambda invoice: invoice.number)


def erase_orders(email: str) -> int:
    now = timezone.now()
    orders = list(orders_of(email))
    for order in orders:
        order.booker_name, order.booker_email, order.anonymised_at = ANONYMOUS_NAME, "", now
        fields = ["booker_name", "booker_email", "anonymised_at"]
        still_needed = (
            order.invoices.exists() or order.participants.filter(Q(registration__status__in=ACTIVE)).exists()
        )
        if not still_needed:
            for name in PAYER_FIELDS:
                setattr(order, name, "")
            fields.extend(PAYER_FIELDS)
        order.save(update_fields=fields)
    return len(orders)
