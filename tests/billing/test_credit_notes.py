"""A cancellation after invoicing gives a credit note that refers to the invoice: all of the place's
lines before the free-cancellation deadline, what the event's fee leaves after it; numbered from the
same series, in the payer's language, sent to the booker as a PDF."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core import mail

from billing.documents import invoice_pdf
from billing.models import DocumentSeries, Invoice, InvoiceKind, OrderStatus
from billing.services.orders import place_order
from events.services import cancel_registration
from events.services.audit import PARTICIPANT, Actor
from tests.billing.factories import colleague, paid_event, payer, seller_settings
from tests.demo.test_documents import needs_poppler, pdf_text
from tests.events.factories import local

pytestmark = pytest.mark.django_db

NIGHT = dt.date(2027, 1, 14)
STAFF = Actor("staff")


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def invoiced_order():
    """Two colleagues invoiced on 1 December; the first has a night. Free cancellation until 1 January."""
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event()
        return place_order(event, payer("public"), [colleague(event, 1, nights=[NIGHT]), colleague(event, 2)])


def credit_notes():
    return list(Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).order_by("number"))


def test_cancelling_before_the_deadline_credits_the_whole_place(
    invoiced_order, django_capture_on_commit_callbacks
):
    first = invoiced_order.confirmed[0]
    with (
        time_machine.travel(local(2026, 12, 10, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        cancel_registration(first, by=PARTICIPANT)
    (note,) = credit_notes()
    invoice = invoiced_order.invoice
    assert note.credits == invoice and note.number == invoice.number + 1
    assert note.number == DocumentSeries.objects.get(name="invoices").last_number
    assert [(line.description, line.gross_amount) for line in note.lines.all()] == [
        ("Deltagelse: Kollega 1 (Standard)", Decimal("1500.00")),
        ("Overnatning, natten til 15. januar 2027: Kollega 1", Decimal("695.00")),
    ]
    assert (note.net_total, note.vat_total, note.total) == (
        Decimal("2056.00"),
        Decimal("139.00"),
        Decimal("2195.00"),
    )
    assert (note.buyer_name, note.buyer_ean) == (invoice.buyer_name, invoice.buyer_ean)
    assert note.issue_date == dt.date(2026, 12, 10)
    order = invoiced_order.order
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED, "Kollega 2 is still coming"
    booker = next(message for message in mail.outbox if message.to == ["hanne@kommune.example"])
    assert f"Kreditnota {note.number} krediterer 2.195,00 kr. af faktura {invoice.number}" in booker.body
    assert booker.attachments[0][0] == f"kreditnota-{note.number}.pdf"


def test_after_the_deadline_the_fee_is_kept(invoiced_order):
    event = invoiced_order.order.event
    event.late_cancellation_fee_percent = 40
    event.save_revision().publish()
    with time_machine.travel(local(2027, 1, 5, 12), tick=False):
        cancel_registration(invoiced_order.confirmed[0], by=STAFF)
    (note,) = credit_notes()
    assert [line.gross_amount for line in note.lines.all()] == [Decimal("900.00"), Decimal("417.00")]
    assert note.total == Decimal("1317.00")


def test_no_credit_note_when_the_fee_keeps_everything(invoiced_order):
    with time_machine.travel(local(2027, 1, 5, 12), tick=False):
        cancel_registration(invoiced_order.confirmed[0], by=STAFF)  # the default fee: 100 %
    assert credit_notes() == []


def test_the_last_place_cancelled_cancels_the_order_and_a_place_is_credited_once(invoiced_order):
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        for registration in invoiced_order.confirmed:
            cancel_registration(registration, by=PARTICIPANT)
        cancel_registration(invoiced_order.confirmed[0], by=STAFF)  # twice changes nothing
    assert [note.total for note in credit_notes()] == [Decimal("2195.00"), Decimal("1500.00")]
    order = invoiced_order.order
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_a_waiting_place_that_was_never_invoiced_is_not_credited():
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event(capacity=1)
        placed = place_order(event, payer("public"), [colleague(event, 1), colleague(event, 2)])
        cancel_registration(placed.waiting[0], by=PARTICIPANT)
    assert credit_notes() == []


@needs_poppler
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            [
                "KREDITNOTA",
                "Krediterer faktura: {invoice}",
                "I alt krediteret: 2.195,00 kr.",
                "Beløbet krediteres",
            ],
        ),
        (
            "en",
            [
                "CREDIT NOTE",
                "Credits invoice: {invoice}",
                "Total credited: DKK 2,195.00",
                "The amount is credited",
            ],
        ),
    ],
)
def test_the_credit_note_pdf_in_both_languages(language, expected, tmp_path):
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event()
        placed = place_order(
            event, payer("company", language=language), [colleague(event, 1, nights=[NIGHT])]
        )
        cancel_registration(placed.confirmed[0], by=PARTICIPANT)
    (note,) = credit_notes()
    text = pdf_text(invoice_pdf(note), tmp_path)
    for line in expected:
        assert line.format(invoice=placed.invoice.number) in text, f"{line!r} not in {text!r}"
    assert "Betal venligst" not in text and "Please pay" not in text
