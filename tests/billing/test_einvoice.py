"""Every UBL e-invoice and credit note the portal makes for a public payer passes the EN 16931 and
Peppol BIS Billing 3.0 rule sets (the Danish DK-R rules among them), in both languages, and says
what the invoice says; a broken document fails them, so the validator can fail."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from billing.einvoice import CAC, CBC, NotAnEInvoice, ubl_document, ubl_filename
from billing.models import Invoice, InvoiceKind
from billing.services.orders import place_order
from events.services import cancel_registration
from events.services.audit import PARTICIPANT, Actor
from tests.billing.einvoice_validator import PEPPOL, peppol_validator
from tests.billing.factories import (
    VALID_CVR,
    VALID_EAN,
    colleague,
    paid_event,
    payer,
    prices,
    seller_settings,
)
from tests.events.factories import local

pytestmark = pytest.mark.django_db

NIGHTS = [dt.date(2027, 1, 13), dt.date(2027, 1, 14)]
NS = {"cac": CAC, "cbc": CBC}
LANGUAGES = ["da", "en"]


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def at_booking():
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        yield


def assert_valid(document: bytes):
    fatal = peppol_validator().fatal_rules(document)
    assert fatal == [], "\n".join(str(rule) for rule in fatal) + "\n" + document.decode()


def read(document: bytes):
    return etree.fromstring(document)


def text(tree, path: str) -> str:
    return tree.findtext(path, namespaces=NS)


def texts(tree, path: str) -> list[str]:
    return [node.text for node in tree.findall(path, namespaces=NS)]


def invoice_for(event, language, *participants) -> Invoice:
    return place_order(event, payer("public", language=language), list(participants)).invoice


def test_the_validator_passes_peppols_own_examples():
    for example in sorted((PEPPOL / "examples").glob("*.xml")):
        assert_valid(example.read_bytes())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_standard_rate_invoice(language, at_booking):
    event = paid_event(price_options=prices(("Messe", "2400.00", "25")))
    invoice = invoice_for(event, language, colleague(event, 1), colleague(event, 2))
    document = ubl_document(invoice)
    assert_valid(document)
    tree = read(document)
    assert etree.QName(tree).localname == "Invoice"
    assert text(tree, "cbc:ID") == str(invoice.number)
    assert text(tree, "cbc:InvoiceTypeCode") == "380"
    assert (text(tree, "cbc:IssueDate"), text(tree, "cbc:DueDate")) == ("2026-12-01", "2026-12-31")
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", NS)
    endpoint = buyer.find("cbc:EndpointID", NS)
    assert (endpoint.text, endpoint.get("schemeID")) == (VALID_EAN, "0088")
    assert text(buyer, "cac:PartyLegalEntity/cbc:RegistrationName") == "Middelfart Kommune, Børn og Unge"
    address = buyer.find("cac:PostalAddress", NS)
    assert [text(address, name) for name in ("cbc:StreetName", "cbc:PostalZone", "cbc:CityName")] == [
        "Nytorv 9",
        "5500",
        "Middelfart",
    ]
    seller = tree.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert (text(seller, "cbc:EndpointID"), seller.find("cbc:EndpointID", NS).get("schemeID")) == (
        VALID_CVR,
        "0184",
    )
    assert text(seller, "cac:PartyTaxScheme/cbc:CompanyID") == f"DK{VALID_CVR}"
    assert text(seller, "cac:PartyLegalEntity/cbc:CompanyID") == VALID_CVR
    assert text(tree, "cbc:BuyerReference") == "Hanne Leder"
    assert text(tree, "cac:OrderReference/cbc:ID") == "PO-4711"
    assert text(tree, "cac:OrderReference/cbc:SalesOrderID") == invoice.order.number
    means = tree.find("cac:PaymentMeans", NS)
    assert text(means, "cbc:PaymentMeansCode") == "42"
    assert text(means, "cbc:PaymentID") == str(invoice.number)
    assert text(means, "cac:PayeeFinancialAccount/cbc:ID") == "4711001"
    assert text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID") == "0815"
    assert texts(tree, "cac:InvoiceLine/cbc:LineExtensionAmount") == ["1920.00", "1920.00"]
    assert texts(tree, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == ["S", "S"]
    (subtotal,) = tree.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert (text(subtotal, "cbc:TaxableAmount"), text(subtotal, "cbc:TaxAmount")) == ("3840.00", "960.00")
    assert (text(subtotal, "cac:TaxCategory/cbc:ID"), text(subtotal, "cac:TaxCategory/cbc:Percent")) == (
        "S",
        "25",
    )
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "4800.00"


@pytest.mark.parametrize(
    ("language", "reason", "note"),
    [
        ("da", "undervisning er momsfritaget efter momsloven § 13, stk. 1, nr. 3", "Vedrørende: "),
        ("en", "teaching is exempt from VAT under the Danish VAT Act, § 13(1)(3)", "Concerning: "),
    ],
)
def test_a_vat_exempt_invoice_gives_the_reason(language, reason, note, at_booking):
    event = paid_event()
    document = ubl_document(invoice_for(event, language, colleague(event, 1)))
    assert_valid(document)
    tree = read(document)
    (subtotal,) = tree.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert text(subtotal, "cac:TaxCategory/cbc:ID") == "E"
    assert text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReason") == reason
    assert (text(subtotal, "cbc:TaxableAmount"), text(subtotal, "cbc:TaxAmount")) == ("1500.00", "0.00")
    assert text(tree, "cbc:Note").startswith(note)


@pytest.mark.parametrize("language", LANGUAGES)
def test_accommodation_mixes_exempt_and_standard_rate_lines(language, at_booking):
    event = paid_event()
    invoice = invoice_for(event, language, colleague(event, 1, nights=NIGHTS), colleague(event, 2))
    document = ubl_document(invoice)
    assert_valid(document)
    tree = read(document)
    lines = tree.findall("cac:InvoiceLine", NS)
    assert [text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID") for line in lines] == ["E", "S", "S", "E"]
    assert [text(line, "cac:InvoicePeriod/cbc:StartDate") for line in lines] == [
        None,
        "2027-01-13",
        "2027-01-14",
        None,
    ]
    subtotals = {
        text(subtotal, "cac:TaxCategory/cbc:ID"): (
            text(subtotal, "cbc:TaxableAmount"),
            text(subtotal, "cbc:TaxAmount"),
        )
        for subtotal in tree.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    }
    assert subtotals == {"S": ("1112.00", "278.00"), "E": ("3000.00", "0.00")}
    assert text(tree, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "4112.00"
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "4390.00"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_full_credit_note_refers_to_its_invoice(language):
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event()
        invoice = invoice_for(event, language, colleague(event, 1, nights=NIGHTS), colleague(event, 2))
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        cancel_registration(invoice.lines.first().registration, by=PARTICIPANT)
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    document = ubl_document(note)
    assert_valid(document)
    tree = read(document)
    assert etree.QName(tree).localname == "CreditNote"
    assert text(tree, "cbc:CreditNoteTypeCode") == "381"
    assert text(tree, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == str(invoice.number)
    assert text(tree, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == "2026-12-01"
    assert texts(tree, "cac:CreditNoteLine/cbc:LineExtensionAmount") == ["1500.00", "556.00", "556.00"]
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "2890.00"
    assert ubl_filename(note) == f"credit-note-{note.number}.xml"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partial_credit_note_keeps_the_late_cancellation_fee(language):
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event()
        invoice = invoice_for(event, language, colleague(event, 1, nights=NIGHTS[1:]))
    event.late_cancellation_fee_percent = 33
    event.save_revision().publish()
    with time_machine.travel(local(2027, 1, 5, 12), tick=False):
        cancel_registration(invoice.lines.first().registration, by=Actor("staff"))
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    document = ubl_document(note)
    assert_valid(document)
    tree = read(document)
    # 67 % of 1.500,00 and of 695,00: 1.005,00 exempt, and 465,65 of which 93,13 is VAT.
    assert texts(tree, "cac:CreditNoteLine/cbc:LineExtensionAmount") == ["1005.00", "372.52"]
    assert text(tree, "cac:TaxTotal/cbc:TaxAmount") == "93.13"
    assert text(tree, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "1470.65"


@pytest.mark.parametrize("price", ["199.97", "0.02", "1234.57", "695.02"])
def test_amounts_whose_vat_rounds_awkwardly_still_pass(price, at_booking):
    """For a gross amount ending in 2 or 7 øre no split makes VAT exactly taxable × 25 % rounded
    while the total stays the price shown; the VAT is then within the 0.01 that BR-CO-17 allows."""
    event = paid_event(price_options=prices(("Messe", price, "25")), accommodation_price_per_night=price)
    invoice = invoice_for(event, "da", colleague(event, 1, nights=NIGHTS), colleague(event, 2))
    assert invoice.total == Decimal(price) * 4
    (vat,) = invoice.vat_breakdown.all()
    assert abs(vat.vat_amount - (vat.taxable_amount / 4).quantize(Decimal("0.01"))) <= Decimal("0.01")
    assert_valid(ubl_document(invoice))


def test_a_wrong_vat_total_fails_the_rules(at_booking):
    event = paid_event(price_options=prices(("Messe", "2400.00", "25")))
    tree = read(ubl_document(invoice_for(event, "da", colleague(event, 1))))
    tree.find("cac:TaxTotal/cbc:TaxAmount", NS).text = "470.00"
    tree.find("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount", NS).text = "470.00"
    broken = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    failed = {rule.id for rule in peppol_validator().fatal_rules(broken)}
    assert {"BR-CO-15", "BR-CO-17", "BR-S-09"} <= failed


def test_a_missing_buyer_address_fails_the_rules(at_booking):
    event = paid_event()
    tree = read(ubl_document(invoice_for(event, "da", colleague(event, 1))))
    buyer = tree.find("cac:AccountingCustomerParty/cac:Party", NS)
    buyer.remove(buyer.find("cbc:EndpointID", NS))
    broken = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    assert "PEPPOL-EN16931-R010" in {rule.id for rule in peppol_validator().fatal_rules(broken)}


@pytest.mark.parametrize("kind", ["company", "private"])
def test_only_public_payers_get_an_e_invoice(kind, at_booking):
    event = paid_event()
    invoice = place_order(event, payer(kind), [colleague(event, 1)]).invoice
    with pytest.raises(NotAnEInvoice):
        ubl_document(invoice)


def test_the_document_is_made_from_the_issued_invoice_alone(at_booking):
    event = paid_event()
    invoice = invoice_for(event, "da", colleague(event, 1))
    before = ubl_document(invoice)
    order = invoice.order
    order.payer_name, order.ean = "Someone else", "5790000000000"
    order.save()
    assert ubl_document(Invoice.objects.get(pk=invoice.pk)) == before
