"""The bookkeeping export for the accountant: every invoice and credit note issued in a date range,
one row each, as CSV or XLSX.

Columns: number, kind, date, the invoice a credit note credits, customer, CVR, EAN, the amount
without VAT at 25 %, its VAT, the VAT-exempt amount, and the totals without VAT, of VAT and with
VAT. A credit note's amounts are negative here (on the document they are positive and its kind
says they are credited), so every column of the export adds up to the period's sales.

The CSV is for importing into a bookkeeping system, not for reading: "," between columns, amounts
as plain decimals with a dot (-1500.00, no thousands separator), ISO dates (2026-12-31), UTF-8.
Bookkeeping systems' CSV imports read that notation whatever the computer's region; the XLSX is
the one to open in Excel, with real numbers and dates.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, fields
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from django.utils import formats, translation
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceKind
from core.exports import neutralise_formula

ZERO = Decimal("0.00")
STANDARD_RATE = Decimal("25")
FORMATS = ("csv", "xlsx")


@dataclass
class BookkeepingRow:
    number: int
    kind: str
    date: dt.date
    credits_number: int | None
    customer: str
    cvr: str
    ean: str
    net_standard: Decimal
    vat_standard: Decimal
    exempt: Decimal
    net_total: Decimal
    vat_total: Decimal
    total: Decimal


AMOUNTS = ("net_standard", "vat_standard", "exempt", "net_total", "vat_total", "total")


def headings() -> list[str]:
    """The column headings in the active language, in the order of BookkeepingRow's fields."""
    return [
        _("Number"),
        _("Kind"),
        _("Date"),
        _("Credits invoice"),
        _("Customer"),
        _("CVR number"),
        _("EAN number"),
        _("Amount excl. VAT at %(rate)s %%") % {"rate": STANDARD_RATE},
        _("VAT %(rate)s %%") % {"rate": STANDARD_RATE},
        _("Amount exempt from VAT"),
        _("Total excl. VAT"),
        _("VAT total"),
        _("Total incl. VAT"),
    ]


def documents_issued(date_from: dt.date, date_to: dt.date):
    return (
        Invoice.objects.filter(issue_date__gte=date_from, issue_date__lte=date_to)
        .select_related("credits")
        .prefetch_related("vat_breakdown")
        .order_by("number")
    )


def row_for(document: Invoice) -> BookkeepingRow:
    sign = -1 if document.kind == InvoiceKind.CREDIT_NOTE else 1
    net_standard = vat_standard = exempt = ZERO
    for vat in document.vat_breakdown.all():
        if vat.rate == STANDARD_RATE:
            net_standard += vat.taxable_amount
            vat_standard += vat.vat_amount
        elif vat.rate == 0:
            exempt += vat.taxable_amount
        else:
            # The portal charges 25 % or nothing (billing/services/invoicing.py); a new rate needs
            # its own columns here before it is invoiced, or the export would not add up.
            raise ValueError(f"{document} has VAT at {vat.rate} %, which the export has no column for.")
    return BookkeepingRow(
        number=document.number,
        kind=document.get_kind_display(),
        date=document.issue_date,
        credits_number=document.credits.number if document.credits_id else None,
        customer=document.buyer_name,
        cvr=document.buyer_cvr,
        ean=document.buyer_ean,
        net_standard=sign * net_standard,
        vat_standard=sign * vat_standard,
        exempt=sign * exempt,
        net_total=sign * document.net_total,
        vat_total=sign * document.vat_total,
        total=sign * document.total,
    )


def bookkeeping_rows(date_from: dt.date, date_to: dt.date) -> list[BookkeepingRow]:
    """One row per invoice and credit note issued from `date_from` to `date_to`, both included."""
    return [row_for(document) for document in documents_issued(date_from, date_to)]


def _cells(row: BookkeepingRow) -> list:
    return [getattr(row, field.name) for field in fields(BookkeepingRow)]


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def export_csv(date_from: dt.date, date_to: dt.date, language: str = "da") -> bytes:
    with translation.override(language):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=",", lineterminator="\r\n")
        writer.writerow(headings())
        for row in bookkeeping_rows(date_from, date_to):
            writer.writerow([csv_value(value) for value in _cells(row)])
        return out.getvalue().encode("utf-8")


def export_xlsx(date_from: dt.date, date_to: dt.date, language: str = "da") -> bytes:
    """The same rows as real numbers and dates, and a last row with each amount column's total."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Bookkeeping")
        sheet.append(headings())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        rows = bookkeeping_rows(date_from, date_to)
        for row in rows:
            sheet.append(
                [neutralise_formula(value) if isinstance(value, str) else value for value in _cells(row)]
            )
        totals = {name: sum((getattr(row, name) for row in rows), ZERO) for name in AMOUNTS}
        sheet.append(
            [
                _("Total %(from)s–%(to)s")
                % {
                    "from": formats.date_format(date_from, "SHORT_DATE_FORMAT"),
                    "to": formats.date_format(date_to, "SHORT_DATE_FORMAT"),
                }
                if field.name == "number"
                else totals.get(field.name)
                for field in fields(BookkeepingRow)
            ]
        )
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, Decimal | float | int) and column[0].column > 7:
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet[f"A{sheet.max_row}"].font = Font(bold=True)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def export_bookkeeping(date_from: dt.date, date_to: dt.date, file_format: str, language: str = "da") -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}")
    export = export_csv if file_format == "csv" else export_xlsx
    return export(date_from, date_to, language)


def export_filename(date_from: dt.date, date_to: dt.date, file_format: str, language: str = "da") -> str:
    with translation.override(language):
        return _("bookkeeping-%(from)s-%(to)s.%(extension)s") % {
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "extension": file_format,
        }
