"""Orders and invoices: an invoice is issued in the transaction that confirms the order, for the
confirmed places only, numbered from the one series, with a line per participant and per night,
VAT per rate, totals and due date; once issued it never changes."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core import mail
from django.db import IntegrityError, transaction

from billing.models import DocumentSeries, Invoice, InvoiceLine, IssuedDocumentChanged, OrderStatus
from billing.services.invoicing import Charge, split_vat
from billing.services.orders import place_order
from events.models import RegistrationStatus
from events.services import accept_offer, cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import (
    TEACHING,
    VALID_CVR,
    VALID_EAN,
    colleague,
    free_event,
    paid_event,
    payer,
    prices,
    seller_settings,
)
from tests.events.factories import local

pytestmark = pytest.mark.django_db

NOW = local(2026, 12, 1, 10)
NIGHT_BEFORE, FIRST_NIGHT = dt.date(2027, 1, 13), dt.date(2027, 1, 14)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


def last_number() -> int:
    return DocumentSeries.objects.get(name="invoices").last_number


def test_a_paid_order_is_invoiced_when_it_is_confirmed(django_capture_on_commit_callbacks):
    event = paid_event()
    before = last_number()
    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(event, payer("public"), [colleague(event, 1)])
    invoice = placed.invoice
    assert placed.order.status == OrderStatus.CONFIRMED
    assert invoice.number == before + 1 == last_number()
    assert (invoice.issue_date, invoice.due_date) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert (invoice.seller_name, invoice.seller_cvr) == ("Innovatarium", VALID_CVR)
    assert invoice.seller_address == "Idéstien 1\n5500 Middelfart"
    assert "Reg. nr. 0815, kontonr. 4711001" in invoice.payment_details
    assert (invoice.buyer_name, invoice.buyer_ean) == ("Middelfart Kommune, Børn og Unge", VALID_EAN)
    assert (invoice.buyer_order_number, invoice.buyer_person_reference) == ("PO-4711", "Hanne Leder")
    (line,) = invoice.lines.all()
    assert line.description == "Deltagelse: Kollega 1 (Standard)"
    assert (line.gross_amount, line.net_amount, line.vat_rate) == (Decimal("1500.00"), Decimal("1500.00"), 0)
    assert line.vat_exempt_reason == TEACHING
    (vat,) = invoice.vat_breakdown.all()
    assert (vat.rate, vat.exempt_reason, vat.taxable_amount, vat.vat_amount) == (0, TEACHING, 1500, 0)
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (1500, 0, 1500)
    # The participant's own e-mail, and the booker's with the invoice.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "hanne@kommune.example",
        "kollega1@kommune.example",
    ]
    booker = next(message for message in mail.outbox if message.to == ["hanne@kommune.example"])
    assert f"Faktura {invoice.number} på 1.500,00 kr. forfalder 31. december 2026." in booker.body


def test_each_night_is_a_line_with_25_percent_vat():
    event = paid_event()
    placed = place_order(event, payer("company"), [colleague(event, 1, nights=[NIGHT_BEFORE, FIRST_NIGHT])])
    invoice = placed.invoice
    lines = list(invoice.lines.all())
    assert [line.description for line in lines] == [
        "Deltagelse: Kollega 1 (Standard)",
        "Overnatning, natten til 14. januar 2027: Kollega 1",
        "Overnatning, natten til 15. januar 2027: Kollega 1",
    ]
    assert [(line.gross_amount, line.net_amount, line.vat_rate) for line in lines[1:]] == [
        (Decimal("695.00"), Decimal("556.00"), 25),
        (Decimal("695.00"), Decimal("556.00"), 25),
    ]
    breakdown = [(vat.rate, vat.taxable_amount, vat.vat_amount) for vat in invoice.vat_breakdown.all()]
    assert breakdown == [(25, Decimal("1112.00"), Decimal("278.00")), (0, Decimal("1500.00"), 0)]
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (2612, 278, 2890)
    assert (invoice.payer_type, invoice.buyer_cvr, invoice.buyer_ean) == ("company", VALID_CVR, "")


def test_a_private_payer_is_the_buyer():
    event = paid_event()
    invoice = place_order(event, payer("private"), [colleague(event, 1)]).invoice
    assert (invoice.payer_type, invoice.buyer_name) == ("private", "Hanne Leder")
    assert invoice.buyer_address == "Skovvej 3\n5500 Middelfart"


def test_an_english_payer_gets_english_lines():
    event = paid_event()
    invoice = place_order(
        event, payer("public", language="en"), [colleague(event, 1, nights=[FIRST_NIGHT])]
    ).invoice
    assert [line.description for line in invoice.lines.all()] == [
        "Participation: Kollega 1 (Standard)",
        "Overnight stay, night to 15 January 2027: Kollega 1",
    ]
    assert "Reg. no. 0815, account no. 4711001" in invoice.payment_details


def test_a_free_event_needs_no_payer_and_has_no_invoice():
    event = free_event()
    before = last_number()
    placed = place_order(event, payer(""), [colleague(event, 1)])
    assert placed.invoice is None and placed.order.status == OrderStatus.CONFIRMED
    assert not Invoice.objects.exists() and last_number() == before


def test_a_waiting_place_is_invoiced_only_when_the_seat_is_taken(django_capture_on_commit_callbacks):
    event = paid_event(capacity=1)
    first = place_order(event, payer("public"), [colleague(event, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        waiting = place_order(
            event, payer("public", booker_email="anden@kommune.example"), [colleague(event, 2)]
        )
    assert waiting.invoice is None and waiting.order.status == OrderStatus.WAITING
    assert [r.status for r in waiting.waiting] == [RegistrationStatus.WAITING]
    booker = next(message for message in mail.outbox if message.to == ["anden@kommune.example"])
    assert "venteliste" in booker.body and "Faktura" not in booker.body

    cancel_registration(first.confirmed[0], by=PARTICIPANT)  # the seat is offered to Kollega 2
    offered = waiting.waiting[0]
    offered.refresh_from_db()
    assert offered.status == RegistrationStatus.OFFERED
    assert not Invoice.objects.filter(order=waiting.order).exists(), "an offer is not yet a seat"
    accept_offer(offered)

    invoice = Invoice.objects.get(order=waiting.order)
    # Kollega 1's cancellation was credited in between (number + 1).
    assert invoice.number == first.invoice.number + 2
    assert [line.registration_id for line in invoice.lines.all()] == [offered.pk]
    waiting.order.refresh_from_db()
    assert waiting.order.status == OrderStatus.CONFIRMED


def test_an_issued_invoice_cannot_be_changed_or_deleted():
    event = paid_event()
    invoice = place_order(event, payer("public"), [colleague(event, 1)]).invoice
    invoice.total = Decimal("1.00")
    with pytest.raises(IssuedDocumentChanged):
        invoice.save()
    with pytest.raises(IssuedDocumentChanged):
        invoice.delete()
    # Not even past the model: the database refuses it.
    for change in (
        lambda: Invoice.objects.filter(pk=invoice.pk).update(total=Decimal("1.00")),
        lambda: Invoice.objects.filter(pk=invoice.pk).update(number=999),
        lambda: InvoiceLine.objects.filter(invoice=invoice).update(gross_amount=Decimal("1.00")),
        lambda: InvoiceLine.objects.filter(invoice=invoice).delete(),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            change()
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("1500.00")


def test_a_rolled_back_confirmation_gives_its_number_back():
    event = paid_event()
    before = last_number()

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        place_order(event, payer("public"), [colleague(event, 1)])
        raise Abandoned
    assert last_number() == before
    invoice = place_order(event, payer("public"), [colleague(event, 1)]).invoice
    assert invoice.number == before + 1


def test_a_price_with_25_percent_vat_is_split_into_net_and_vat():
    event = paid_event(price_options=prices(("Messe", "2400.00", "25")))
    invoice = place_order(event, payer("company"), [colleague(event, 1), colleague(event, 2)]).invoice
    assert [(line.net_amount, line.vat_rate) for line in invoice.lines.all()] == [(1920, 25), (1920, 25)]
    (vat,) = invoice.vat_breakdown.all()
    assert (vat.taxable_amount, vat.vat_amount, vat.exempt_reason) == (3840, 960, "")
    assert invoice.total == Decimal("4800.00")


def test_awkward_amounts_still_add_up_to_what_the_visitor_was_shown():
    charges = [Charge("a", Decimal(amount), Decimal("25")) for amount in ("100.01", "100.01", "99.99")]
    nets, (group,) = split_vat(charges)
    gross = sum(charge.gross_amount for charge in charges)
    assert group.taxable_amount + group.vat_amount == gross == Decimal("300.01")
    assert sum(nets) == group.taxable_amount
    assert group.vat_amount == (gross / 5).quantize(Decimal("0.01"))
