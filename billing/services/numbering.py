"""The gap-free number series of invoices and credit notes.

The series' counter is one row, locked with SELECT … FOR UPDATE by the transaction that issues a
document and held until it commits or rolls back. So numbers are handed out one transaction at a
time; a number is used by exactly one committed document, and a rolled-back transaction's number
goes back to the series with it (the counter's update rolls back too), leaving no gap. Bookkeeping
law asks for this (bekendtgørelse om bogføring: "fortløbende nummerering").
"""

from django.db import connection
from django.db.transaction import TransactionManagementError

from billing.models import DocumentSeries

INVOICES = "invoices"


def locked_counter(series: str) -> DocumentSeries:
    """The series' row, locked for the rest of the transaction (created at 0 the first time)."""
    DocumentSeries.objects.get_or_create(name=series)
    return DocumentSeries.objects.select_for_update().get(name=series)


def take_number(series: str = INVOICES) -> int:
    """The next number of the series, for a document saved in the same transaction."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("take_number() must be called inside transaction.atomic().")
    counter = locked_counter(series)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
