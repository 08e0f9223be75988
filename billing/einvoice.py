"""Peppol BIS Billing 3.0 UBL e-invoices and credit notes, for public payers with an EAN number.

The Danish public sector receives invoices through NemHandel/Peppol. Like the PDF, the UBL document
is made from the issued document alone (its own copies of the seller, the buyer, the lines and the
VAT), so making it again later gives the same document. Every document the tests make passes the
EN 16931 and Peppol rule sets, the Danish DK-R rules among them (tests/billing/peppol/).

How the portal's invoice maps onto the UBL document:
- the seller: CVR number as electronic address (scheme 0184, DK CVR) and legal entity, VAT number
  "DK" + CVR (a Danish company's VAT number is its CVR number);
- the buyer: EAN (a GS1 GLN) as electronic address and party identifier (scheme 0088);
- the person reference is the buyer reference, the order or requisition number the order reference,
  and our order number the sales order reference;
- prices are stored including VAT; UBL states amounts without VAT, so each line carries its net
  amount from the VAT split (billing/services/invoicing.py) and the document its VAT per category:
  S (standard rate, 25 %) and E (exempt, with the reason as text). EN 16931 allows one breakdown
  per category and rate, so exempt groups with different reasons become one E group naming them all;
- a night of accommodation carries the night as the line's period;
- an invoice is paid to the bank account it names (payment means 42, Danish registration and account
  number, or 31 with IBAN and BIC), marked with its number; a credit note refers to its invoice.
"""

import datetime as dt
import re
from decimal import Decimal

from lxml import etree

from django.utils import translation
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceKind
from events.models.registration import PayerType
from events.pricing import exemption_reason

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOTS = {
    InvoiceKind.INVOICE: ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
    InvoiceKind.CREDIT_NOTE: ("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote"),
}
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
COMMERCIAL_INVOICE = "380"
CREDIT_NOTE = "381"
# Electronic address schemes (ISO 6523 ICD): GS1 GLN, which an EAN number is, and the Danish CVR.
GLN_SCHEME = "0088"
CVR_SCHEME = "0184"
STANDARD_RATE = "S"
EXEMPT = "E"
# Payment means (UNCL 4461) that the Danish rules allow: to a Danish bank account (registration and
# account number), or an international transfer (IBAN and BIC).
PAYMENT_TO_BANK_ACCOUNT = "42"
INTERNATIONAL_TRANSFER = "31"
ONE = "C62"  # UN/ECE Recommendation 20: "one", a unit without dimension
COUNTRY = "DK"
DANISH_POSTCODE_AND_CITY = re.compile(r"^(?:DK-?)?(\d{4})\s+(.+)$")


class NotAnEInvoice(ValueError):
    """The document is not to a public payer with an EAN number, so it has no Peppol address."""


def is_einvoice(invoice: Invoice) -> bool:
    """Documents to public payers with an EAN number go out as e-invoices; others have no address in
    the Peppol network that the portal knows (a company's CVR may not be registered there)."""
    return invoice.payer_type == PayerType.PUBLIC and bool(invoice.buyer_ean)


def ubl_filename(invoice: Invoice) -> str:
    """A name for the file that does not change with the language, for machines to read."""
    kind = "credit-note" if invoice.kind == InvoiceKind.CREDIT_NOTE else "invoice"
    return f"{kind}-{invoice.number}.xml"


def ubl_document(invoice: Invoice) -> bytes:
    """The invoice or credit note as a Peppol BIS Billing 3.0 UBL document (UTF-8 XML)."""
    if not is_einvoice(invoice):
        raise NotAnEInvoice(f"{invoice} is not to a public payer with an EAN number.")
    with translation.override(invoice.language):
        root = UBLWriter(invoice).document()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def amount(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def percent(rate: Decimal) -> str:
    return f"{Decimal(rate).normalize():f}"


def category_of(rate: Decimal) -> str:
    return STANDARD_RATE if rate else EXEMPT


def exemption_text(reasons: list[str]) -> str:
    """The reasons for exemption in the document's language, or a plain "exempt" without one (a
    VAT breakdown in category E must give a reason)."""
    explained = [exemption_reason(reason) for reason in reasons if reason.strip()]
    return "; ".join(dict.fromkeys(explained)) or _("Exempt from VAT")


class UBLWriter:
    """Writes one document in the element order of the UBL 2.1 schemas."""

    def __init__(self, invoice: Invoice):
        self.invoice = invoice
        self.is_credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE

    def element(self, parent, name: str, text=None, **attributes):
        prefix, local = name.split(":")
        node = etree.SubElement(parent, f"{{{CAC if prefix == 'cac' else CBC}}}{local}", attributes)
        if text is not None:
            node.text = str(text)
        return node

    def money(self, parent, name: str, value: Decimal):
        return self.element(parent, name, amount(value), currencyID=self.invoice.currency)

    def document(self):
        invoice = self.invoice
        namespace, root_name = ROOTS[invoice.kind]
        root = etree.Element(f"{{{namespace}}}{root_name}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
        self.element(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
        self.element(root, "cbc:ProfileID", PROFILE_ID)
        self.element(root, "cbc:ID", invoice.number)
        self.element(root, "cbc:IssueDate", invoice.issue_date.isoformat())
        if self.is_credit_note:
            self.element(root, "cbc:CreditNoteTypeCode", CREDIT_NOTE)
        else:
            self.element(root, "cbc:DueDate", invoice.due_date.isoformat())
            self.element(root, "cbc:InvoiceTypeCode", COMMERCIAL_INVOICE)
        self.element(root, "cbc:Note", _("Concerning: %(event)s") % {"event": invoice.event_title})
        self.element(root, "cbc:DocumentCurrencyCode", invoice.currency)
        # The person reference routes the document to the person at the institution; the form asks
        # every public payer for it, and the rules need it or the order number (PEPPOL-EN16931-R003).
        if buyer_reference := invoice.buyer_person_reference or invoice.buyer_order_number:
            self.element(root, "cbc:BuyerReference", buyer_reference)
        if invoice.buyer_order_number:
            order = self.element(root, "cac:OrderReference")
            self.element(order, "cbc:ID", invoice.buyer_order_number)
            self.element(order, "cbc:SalesOrderID", invoice.order_id)
        if self.is_credit_note and invoice.credits_id:
            billing_reference = self.element(root, "cac:BillingReference")
            reference = self.element(billing_reference, "cac:InvoiceDocumentReference")
            self.element(reference, "cbc:ID", invoice.credits.number)
            self.element(reference, "cbc:IssueDate", invoice.credits.issue_date.isoformat())
        self.seller(root)
        self.buyer(root)
        if self.is_credit_note:
            # A positive amount due needs a due date or payment terms (BR-CO-25).
            terms = self.element(root, "cac:PaymentTerms")
            self.element(
                terms,
                "cbc:Note",
                _("The amount is credited to you; it is paid back or set off against what is owed."),
            )
        else:
            self.payment_means(root)
        self.vat(root)
        self.totals(root)
        for line in invoice.lines.all():
            self.line(root, line)
        return root

    def address(self, party, text: str):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        postcode_and_city = DANISH_POSTCODE_AND_CITY.match(lines[-1]) if lines else None
        if postcode_and_city:
            lines = lines[:-1]
        address = self.element(party, "cac:PostalAddress")
        if lines:
            self.element(address, "cbc:StreetName", lines[0])
        if len(lines) > 1:
            self.element(address, "cbc:AdditionalStreetName", lines[1])
        if postcode_and_city:
            self.element(address, "cbc:CityName", postcode_and_city[2])
            self.element(address, "cbc:PostalZone", postcode_and_city[1])
        if len(lines) > 2:
            self.element(self.element(address, "cac:AddressLine"), "cbc:Line", ", ".join(lines[2:]))
        self.element(self.element(address, "cac:Country"), "cbc:IdentificationCode", COUNTRY)

    def seller(self, root):
        invoice = self.invoice
        party = self.element(self.element(root, "cac:AccountingSupplierParty"), "cac:Party")
        self.element(party, "cbc:EndpointID", invoice.seller_cvr, schemeID=CVR_SCHEME)
        self.element(self.element(party, "cac:PartyName"), "cbc:Name", invoice.seller_name)
        self.address(party, invoice.seller_address)
        tax_scheme = self.element(party, "cac:PartyTaxScheme")
        self.element(tax_scheme, "cbc:CompanyID", f"{COUNTRY}{invoice.seller_cvr}")
        self.element(self.element(tax_scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
        legal = self.element(party, "cac:PartyLegalEntity")
        self.element(legal, "cbc:RegistrationName", invoice.seller_name)
        self.element(legal, "cbc:CompanyID", invoice.seller_cvr, schemeID=CVR_SCHEME)

    def buyer(self, root):
        invoice = self.invoice
        party = self.element(self.element(root, "cac:AccountingCustomerParty"), "cac:Party")
        self.element(party, "cbc:EndpointID", invoice.buyer_ean, schemeID=GLN_SCHEME)
        identification = self.element(party, "cac:PartyIdentification")
        self.element(identification, "cbc:ID", invoice.buyer_ean, schemeID=GLN_SCHEME)
        self.element(self.element(party, "cac:PartyName"), "cbc:Name", invoice.buyer_name)
        self.address(party, invoice.buyer_address)
        legal = self.element(party, "cac:PartyLegalEntity")
        self.element(legal, "cbc:RegistrationName", invoice.buyer_name)
        if invoice.buyer_cvr:
            self.element(legal, "cbc:CompanyID", invoice.buyer_cvr, schemeID=CVR_SCHEME)

    def payment_means(self, root):
        invoice = self.invoice
        if invoice.payee_bank_registration_number and invoice.payee_bank_account_number:
            code, account, branch = (
                PAYMENT_TO_BANK_ACCOUNT,
                invoice.payee_bank_account_number,
                invoice.payee_bank_registration_number,
            )
        elif invoice.payee_iban and invoice.payee_bic:
            code, account, branch = INTERNATIONAL_TRANSFER, invoice.payee_iban, invoice.payee_bic
        else:
            return  # issued before the account was kept as fields: the PDF names it
        means = self.element(root, "cac:PaymentMeans")
        self.element(means, "cbc:PaymentMeansCode", code)
        self.element(means, "cbc:PaymentID", invoice.number)
        payee = self.element(means, "cac:PayeeFinancialAccount")
        self.element(payee, "cbc:ID", account)
        self.element(self.element(payee, "cac:FinancialInstitutionBranch"), "cbc:ID", branch)

    def vat(self, root):
        invoice = self.invoice
        total = self.element(root, "cac:TaxTotal")
        self.money(total, "cbc:TaxAmount", invoice.vat_total)
        standard = [vat for vat in invoice.vat_breakdown.all() if vat.rate]
        exempt = [vat for vat in invoice.vat_breakdown.all() if not vat.rate]
        for vat in standard:
            self.subtotal(total, vat.taxable_amount, vat.vat_amount, vat.rate)
        if exempt:
            self.subtotal(
                total,
                sum((vat.taxable_amount for vat in exempt), Decimal("0.00")),
                sum((vat.vat_amount for vat in exempt), Decimal("0.00")),
                Decimal("0"),
                exemption_text([vat.exempt_reason for vat in exempt]),
            )

    def subtotal(self, total, taxable: Decimal, vat: Decimal, rate: Decimal, reason: str = ""):
        subtotal = self.element(total, "cac:TaxSubtotal")
        self.money(subtotal, "cbc:TaxableAmount", taxable)
        self.money(subtotal, "cbc:TaxAmount", vat)
        self.tax_category(subtotal, "cac:TaxCategory", rate, reason)

    def tax_category(self, parent, name: str, rate: Decimal, reason: str = ""):
        category = self.element(parent, name)
        self.element(category, "cbc:ID", category_of(rate))
        self.element(category, "cbc:Percent", percent(rate))
        if reason:
            self.element(category, "cbc:TaxExemptionReason", reason)
        self.element(self.element(category, "cac:TaxScheme"), "cbc:ID", "VAT")

    def totals(self, root):
        invoice = self.invoice
        totals = self.element(root, "cac:LegalMonetaryTotal")
        self.money(totals, "cbc:LineExtensionAmount", sum(line.net_amount for line in invoice.lines.all()))
        self.money(totals, "cbc:TaxExclusiveAmount", invoice.net_total)
        self.money(totals, "cbc:TaxInclusiveAmount", invoice.total)
        self.money(totals, "cbc:PayableAmount", invoice.total)

    def line(self, root, line):
        node = self.element(root, "cac:CreditNoteLine" if self.is_credit_note else "cac:InvoiceLine")
        self.element(node, "cbc:ID", line.position)
        quantity = "cbc:CreditedQuantity" if self.is_credit_note else "cbc:InvoicedQuantity"
        self.element(node, quantity, percent(line.quantity), unitCode=ONE)
        self.money(node, "cbc:LineExtensionAmount", line.net_amount)
        if line.night:
            period = self.element(node, "cac:InvoicePeriod")
            self.element(period, "cbc:StartDate", line.night.isoformat())
            self.element(period, "cbc:EndDate", (line.night + dt.timedelta(days=1)).isoformat())
        item = self.element(node, "cac:Item")
        self.element(item, "cbc:Name", line.description)
        self.tax_category(item, "cac:ClassifiedTaxCategory", line.vat_rate)
        price = self.element(node, "cac:Price")
        # The net price of one; every line is one seat or one night, so quantity × price is the amount.
        self.money(price, "cbc:PriceAmount", line.net_amount / line.quantity)
