"""The invoice PDF, read back by a real PDF reader (poppler's pdftotext), in Danish and in English:
seller with address and CVR, buyer with EAN, order number and person reference, a line per
participant and per night, VAT per rate with the exemption reason, totals, due date and payment."""

import datetime as dt

import pytest
import time_machine

from django.core import mail

from billing.documents import invoice_filename, invoice_pdf
from billing.services.orders import place_order
from tests.billing.factories import VALID_CVR, VALID_EAN, colleague, paid_event, payer, seller_settings
from tests.demo.test_documents import needs_poppler, pdf_text
from tests.events.factories import local

pytestmark = [pytest.mark.django_db, needs_poppler]

NIGHTS = [dt.date(2027, 1, 13), dt.date(2027, 1, 14)]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        yield


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


def invoice_for(language: str):
    event = paid_event()
    colleagues = [colleague(event, 1, nights=NIGHTS), colleague(event, 2, name="Søren Ærø Åberg")]
    return place_order(event, payer("public", language=language), colleagues).invoice


def test_the_danish_invoice(tmp_path):
    invoice = invoice_for("da")
    text = pdf_text(invoice_pdf(invoice), tmp_path)
    for expected in (
        # The head has two columns (seller, and the document's facts), which the reader interleaves.
        "FAKTURA",
        f"Nummer: {invoice.number}",
        "Dato: 1. december 2026",
        f"Bestilling: {invoice.order.number}",
        "Forfaldsdato: 31. december 2026",
        "Innovatarium",
        "Idéstien 1",
        "5500 Middelfart",
        f"CVR {VALID_CVR}",
        "Faktureres til Middelfart Kommune, Børn og Unge Nytorv 9 5500 Middelfart",
        f"EAN-nummer: {VALID_EAN}",
        "Ordre- eller rekvisitionsnummer: PO-4711",
        "Personreference: Hanne Leder",
        "Deltagelse: Kollega 1 (Standard) Momsfri 1.500,00 1.500,00",
        "Overnatning, natten til 14. januar 2027: Kollega 1 Moms 25 % 556,00 695,00",
        "Overnatning, natten til 15. januar 2027: Kollega 1 Moms 25 % 556,00 695,00",
        "Deltagelse: Søren Ærø Åberg (Standard) Momsfri 1.500,00 1.500,00",
        "Moms 25 %: moms 278,00 kr. af 1.112,00 kr.",
        "Momsfri: undervisning er momsfritaget efter momsloven § 13, stk. 1, nr. 3: moms 0,00 kr. af "
        "3.000,00 kr.",
        "I alt ekskl. moms: 4.112,00 kr.",
        "Moms: 278,00 kr.",
        "I alt at betale: 4.390,00 kr.",
        f"Betal venligst 4.390,00 kr. senest 31. december 2026, mærket med fakturanummer {invoice.number}.",
        "Fynske Bank Reg. nr. 0815, kontonr. 4711001",
    ):
        assert expected in text, f"{expected!r} not in {text!r}"
    assert invoice_filename(invoice) == f"faktura-{invoice.number}.pdf"


def test_the_english_invoice(tmp_path):
    invoice = invoice_for("en")
    text = pdf_text(invoice_pdf(invoice), tmp_path)
    for expected in (
        "INVOICE",
        f"Number: {invoice.number}",
        "Date: 1 December 2026",
        "Due date: 31 December 2026",
        f"EAN number: {VALID_EAN}",
        "Order or requisition number: PO-4711",
        "Person reference: Hanne Leder",
        "Participation: Kollega 1 (Standard) Exempt 1,500.00 1,500.00",
        "Overnight stay, night to 14 January 2027: Kollega 1 VAT 25 % 556.00 695.00",
        "VAT 25 %: VAT DKK 278.00 of DKK 1,112.00",
        "Exempt from VAT: teaching is exempt from VAT under the Danish VAT Act, § 13(1)(3): VAT DKK 0.00 of "
        "DKK 3,000.00",
        "Total to pay: DKK 4,390.00",
        f"Please pay DKK 4,390.00 by 31 December 2026, marked with invoice number {invoice.number}.",
        "Reg. no. 0815, account no. 4711001",
    ):
        assert expected in text, f"{expected!r} not in {text!r}"
    assert invoice_filename(invoice) == f"invoice-{invoice.number}.pdf"


def test_the_booker_gets_the_pdf(django_capture_on_commit_callbacks):
    event = paid_event()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = place_order(event, payer("company"), [colleague(event, 1)]).invoice
    booker = next(message for message in mail.outbox if message.to == ["hanne@kommune.example"])
    ((name, content, kind),) = booker.attachments
    assert (name, kind) == (f"faktura-{invoice.number}.pdf", "application/pdf")
    assert content == invoice_pdf(invoice), (
        "the PDF is made from the issued invoice alone, the same every time"
    )
