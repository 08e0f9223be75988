"""A person's request about orders: the export holds their orders and invoices; erasing removes the
booker's name and address and never touches an issued invoice (kept five years for bookkeeping)."""

import pytest

from billing.models import Invoice, Order
from billing.services.orders import place_order
from core.personal_data import ANONYMOUS_NAME, erase_personal_data, export_personal_data
from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import colleague, paid_event, payer, seller_settings

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_order_and_its_invoice():
    seller_settings()
    event = paid_event()
    placed = place_order(event, payer("private"), [colleague(event, 1, nights=[])])
    place_order(event, payer("private", booker_email="someone@else.example"), [colleague(event, 2)])
    (order,) = export_personal_data("HANNE@kommune.example")["orders"]
    assert order["order"] == placed.order.number and order["payer_name"] == "Hanne Leder"
    assert order["invoices"] == [
        {
            "number": placed.invoice.number,
            "kind": "invoice",
            "issued": placed.invoice.issue_date.isoformat(),
            "buyer": "Hanne Leder",
            "total": "1500.00",
        }
    ]


def test_erasing_keeps_what_the_issued_invoice_needs():
    seller_settings()
    event = paid_event()
    invoiced = place_order(event, payer("private"), [colleague(event, 1)])
    full = paid_event(capacity=1)
    place_order(full, payer("public", booker_email="other@kommune.example"), [colleague(full, 8)])
    given_up = place_order(full, payer("private"), [colleague(full, 2)])
    cancel_registration(given_up.waiting[0], by=PARTICIPANT)

    counts = erase_personal_data("hanne@kommune.example")

    assert counts["orders"] == 2
    order = Order.objects.get(pk=invoiced.order.pk)
    assert (order.booker_name, order.booker_email) == (ANONYMOUS_NAME, "")
    assert order.payer_name == "Hanne Leder", "kept while the order has an invoice"
    invoice = Invoice.objects.get(pk=invoiced.invoice.pk)
    assert (invoice.buyer_name, invoice.buyer_address) == ("Hanne Leder", "Skovvej 3\n5500 Middelfart")
    assert invoice.lines.get().description == "Deltagelse: Kollega 1 (Standard)"
    # Never invoiced and nobody booked any more: nothing needs the payer's details.
    given_up.order.refresh_from_db()
    assert (given_up.order.payer_name, given_up.order.billing_address) == ("", "")
