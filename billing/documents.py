"""The invoice and credit note as PDF, in the payer's language, made with fpdf2.

fpdf2 is the one PDF library of the project (pure Python, well kept; the demo's files use it too).
Everything printed comes from the issued document itself, never from the order or the settings,
so a PDF made again years later is the same document.
"""

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from billing.models import Invoice, InvoiceKind
from core.money import format_amount, format_money
from events.pricing import exemption_reason

INK = (27, 31, 59)
MUTED = (91, 96, 120)
PRIMARY = (58, 54, 201)
LINE_HEIGHT = 14


class InvoicePDF(FPDF):
    def __init__(self, invoice: Invoice):
        super().__init__(format="A4", unit="pt")
        # Core fonts in Windows-1252 cover Danish letters, "§", dashes and typographic quotes.
        self.core_fonts_encoding = "windows-1252"
        self.invoice = invoice
        self.set_margins(56, 56, 56)
        self.set_auto_page_break(True, margin=64)
        self.alias_nb_pages()

    def footer(self):
        self.set_y(-44)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        seller = self.invoice
        self.cell(
            0,
            10,
            f"{seller.seller_name} · CVR {seller.seller_cvr} · "
            + _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )

    def text_line(self, text: str, size: float = 10, style: str = "", colour=INK, align="L", width=0):
        self.set_font("Helvetica", style, size)
        self.set_text_color(*colour)
        self.multi_cell(width, size * 1.35, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def title_of(invoice: Invoice) -> str:
    return _("Credit note") if invoice.kind == InvoiceKind.CREDIT_NOTE else _("Invoice")


def invoice_filename(invoice: Invoice) -> str:
    with translation.override(invoice.language):
        if invoice.kind == InvoiceKind.CREDIT_NOTE:
            return pgettext("file name", "credit-note-%(number)s.pdf") % {"number": invoice.number}
        return pgettext("file name", "invoice-%(number)s.pdf") % {"number": invoice.number}


def vat_label(rate, reason: str) -> str:
    if rate:
        return _("VAT %(rate)s %%") % {"rate": formats.number_format(rate, decimal_pos=0)}
    explained = exemption_reason(reason)
    return _("Exempt from VAT: %(reason)s") % {"reason": explained} if explained else _("Exempt from VAT")


def invoice_pdf(invoice: Invoice) -> bytes:
    """The document as PDF bytes, in the invoice's language."""
    with translation.override(invoice.language):
        return bytes(_render(invoice))


def _render(invoice: Invoice) -> bytearray:
    language = invoice.language
    pdf = InvoicePDF(invoice)
    title = f"{title_of(invoice)} {invoice.number}"
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_author(invoice.seller_name)
    pdf.set_creator("Innovatarium")
    pdf.set_creation_date(invoice.issued_at)
    pdf.add_page()

    # The seller, top left; the document's facts, top right.
    top = pdf.get_y()
    half = pdf.epw / 2
    pdf.text_line(invoice.seller_name, 14, "B", PRIMARY, width=half)
    pdf.text_line(invoice.seller_address, width=half)
    pdf.text_line(f"CVR {invoice.seller_cvr}", width=half)
    seller_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    facts = [
        (_("Number"), str(invoice.number)),
        (_("Date"), formats.date_format(invoice.issue_date, "DATE_FORMAT")),
        (_("Order"), invoice.order.number),
    ]
    if invoice.kind == InvoiceKind.INVOICE:
        facts.append((_("Due date"), formats.date_format(invoice.due_date, "DATE_FORMAT")))
    elif invoice.credits_id:
        facts.append((_("Credits invoice"), str(invoice.credits.number)))
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(*INK)
    pdf.cell(half, 24, title_of(invoice).upper(), align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    for label, value in facts:
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font("Helvetica", size=10)
        pdf.cell(half, LINE_HEIGHT, f"{label}: {value}", align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), seller_bottom) + 24)

    # The buyer.
    pdf.text_line(_("Bill to"), 9, "B", MUTED)
    pdf.text_line(invoice.buyer_name, 11, "B")
    if invoice.buyer_address:
        pdf.text_line(invoice.buyer_address)
    for label, value in (
        (_("EAN number"), invoice.buyer_ean),
        (_("CVR number"), invoice.buyer_cvr),
        (_("Order or requisition number"), invoice.buyer_order_number),
        (_("Person reference"), invoice.buyer_person_reference),
    ):
        if value:
            pdf.text_line(f"{label}: {value}")
    pdf.ln(12)
    pdf.text_line(_("Concerning: %(event)s") % {"event": invoice.event_title}, 10, "B")
    pdf.ln(6)

    # The lines.
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(*INK)
    with pdf.table(
        col_widths=(50, 14, 18, 18),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        line_height=LINE_HEIGHT,
        padding=3,
    ) as table:
        heading = table.row()
        for text in (_("Description"), _("VAT"), _("Excl. VAT (DKK)"), _("Incl. VAT (DKK)")):
            heading.cell(text)
        for line in invoice.lines.all():
            row = table.row()
            row.cell(line.description)
            row.cell(vat_label(line.vat_rate, "") if line.vat_rate else _("Exempt"))
            row.cell(format_amount(line.net_amount, language))
            row.cell(format_amount(line.gross_amount, language))
    pdf.ln(10)

    # VAT per rate, with the reason for each exemption, and the totals.
    for vat in invoice.vat_breakdown.all():
        pdf.text_line(
            _("%(label)s: VAT %(vat)s of %(taxable)s")
            % {
                "label": vat_label(vat.rate, vat.exempt_reason),
                "vat": format_money(vat.vat_amount, language),
                "taxable": format_money(vat.taxable_amount, language),
            },
            9,
        )
    pdf.ln(6)
    for label, amount, style in (
        (_("Total excl. VAT"), invoice.net_total, ""),
        (_("VAT"), invoice.vat_total, ""),
        (
            _("Total to pay") if invoice.kind == InvoiceKind.INVOICE else _("Total credited"),
            invoice.total,
            "B",
        ),
    ):
        pdf.text_line(f"{label}: {format_money(amount, language)}", 11, style, align="R")
    pdf.ln(16)

    # How to pay.
    if invoice.kind == InvoiceKind.INVOICE:
        pdf.text_line(_("Payment"), 9, "B", MUTED)
        pdf.text_line(
            _("Please pay %(total)s by %(due)s, marked with invoice number %(number)s.")
            % {
                "total": format_money(invoice.total, language),
                "due": formats.date_format(invoice.due_date, "DATE_FORMAT"),
                "number": invoice.number,
            }
        )
        if invoice.payment_details:
            pdf.text_line(invoice.payment_details)
    else:
        pdf.text_line(_("The amount is credited to you; it is paid back or set off against what is owed."))
    return pdf.output()
