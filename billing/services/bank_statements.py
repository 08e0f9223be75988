"""Importing a bank statement (CSV): each incoming amount that names an invoice and pays exactly
what is still owed on it is recorded as a payment; staff see every other line with the reason.

The layout (docs/billing.md, "Bank statements"): one line per transaction with the columns
date, text, amount and, optionally, reference, in that order; a first line of column headings is
skipped. Two notations are read:
- as Danish banks export it: ";" between columns, dates as 31-12-2026 (or 31.12.2026), amounts as
  1.500,00 (or 1500,00);
- plain: "," between columns, ISO dates (2026-12-31), amounts as 1500.00.
UTF-8 (with or without a byte order mark) and Windows-1252, which Danish banks also use, are read.

Each line gets a fingerprint from its contents and its position among identical lines; recording
a payment with it as its `external_id` makes a file imported twice pay once.
"""

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice, InvoiceKind, Payment, PaymentSource
from billing.services.payments import (
    PaymentAlreadyRecorded,
    PaymentRefused,
    record_payment,
    with_amount_owed,
)
from core.money import format_money, parse_amount

NOT_CSV = _("The file is not a CSV text file. Export the statement from the bank as CSV.")
MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 10_000
DANISH_DATES = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
ISO_DATES = ("%Y-%m-%d",)
# Invoice numbers are the whole numbers in a line's text and reference ("Faktura 12", "FAKT.12").
# Digits that belong to an amount ("1.500,00") or a longer number are not an invoice number.
NUMBER = re.compile(r"(?<!\d)(?<!\d[.,])\d{1,9}(?!\d)(?![.,]\d)")


class StatementError(Exception):
    """A file that cannot be read as a bank statement; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class StatementLine:
    line_number: int
    date: dt.date
    text: str
    amount: Decimal
    reference: str = ""
    fingerprint: str = ""

    @property
    def words(self) -> str:
        return f"{self.text} {self.reference}"


@dataclass
class UnmatchedLine:
    line: StatementLine
    reason: str


@dataclass
class MatchedLine:
    line: StatementLine
    invoice: Invoice


@dataclass
class ImportResult:
    matched: list[MatchedLine]
    unmatched: list[UnmatchedLine]


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise StatementError(_("The file is too large: a bank statement of at most 2 MB can be imported."))
    if b"\x00" in content:
        raise StatementError(NOT_CSV)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def parse_date(text: str, danish: bool) -> dt.date:
    for pattern in (DANISH_DATES + ISO_DATES) if danish else (ISO_DATES + DANISH_DATES):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(text)


def read_statement(content: bytes) -> list[StatementLine]:
    """The statement's lines; StatementError naming the first line that cannot be read."""
    text = decode(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise StatementError(_("The file is empty."))
    danish = first.count(";") >= first.count(",") and ";" in first
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if danish else ","))
    except csv.Error:  # a quote never closed, a field of over 128 KB
        raise StatementError(NOT_CSV) from None
    if len(rows) > MAX_LINES:
        raise StatementError(_("The file has more than 10,000 lines; import it in parts."))
    lines = []
    heading_allowed = True
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        is_first, heading_allowed = heading_allowed, False
        if len(row) < 3:
            raise StatementError(
                _(
                    "Line %(line)s has %(count)s column(s); a bank statement needs date, text and "
                    "amount, and may have a reference."
                )
                % {"line": number, "count": len(row)}
            )
        date_text, description, amount_text, *rest = (cell.strip() for cell in row)
        try:
            date = parse_date(date_text, danish)
        except ValueError:
            if is_first:
                continue  # the column headings
            raise StatementError(
                _("Line %(line)s: “%(value)s” is not a date (write it as 31-12-2026 or 2026-12-31).")
                % {"line": number, "value": date_text[:40]}
            ) from None
        try:
            amount = parse_amount(amount_text, "da" if danish else "en")
        except InvalidOperation:
            raise StatementError(
                _("Line %(line)s: “%(value)s” is not an amount (write it as 1.500,00 or 1500.00).")
                % {"line": number, "value": amount_text[:40]}
            ) from None
        lines.append(StatementLine(number, date, description, amount, rest[0] if rest else ""))
    if not lines:
        raise StatementError(_("The file has no transactions."))
    seen = Counter()
    for line in lines:
        key = f"{line.date.isoformat()}|{line.text}|{line.amount}|{line.reference}"
        seen[key] += 1
        line.fingerprint = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()
    return lines


def invoice_numbers_in(line: StatementLine) -> set[int]:
    return {int(number) for number in NUMBER.findall(line.words)}


def match_line(line: StatementLine) -> tuple[Invoice | None, str]:
    """The invoice a line pays, or None and the reason it pays none."""
    if line.amount <= 0:
        return None, _("Not a payment to us (the amount is not positive).")
    numbers = invoice_numbers_in(line)
    invoices = list(with_amount_owed(Invoice.objects.filter(kind=InvoiceKind.INVOICE, number__in=numbers)))
    if not invoices:
        return None, _("No invoice with a number named in the text or reference.")
    exact = [invoice for invoice in invoices if invoice.amount_owed == line.amount]
    if len(exact) == 1:
        return exact[0], ""
    if len(exact) > 1:
        return None, _("Several invoices named in the text are owed this amount: %(numbers)s.") % {
            "numbers": ", ".join(str(invoice.number) for invoice in exact)
        }
    owing = [invoice for invoice in invoices if invoice.amount_owed > 0]
    if not owing:
        return None, _("Invoice %(numbers)s is already paid.") % {
            "numbers": ", ".join(str(invoice.number) for invoice in invoices)
        }
    return None, _("The amount differs from what is owed: %(owed)s.") % {
        "owed": "; ".join(
            _("%(owed)s on invoice %(number)s")
            % {"owed": format_money(invoice.amount_owed), "number": invoice.number}
            for invoice in owing
        )
    }


def import_statement(content: bytes, recorded_by=None) -> ImportResult:
    """Read the file and record a payment for each line that pays exactly what an invoice it names
    still owes. StatementError (nothing recorded) when the file cannot be read."""
    lines = read_statement(content)
    matched, unmatched = [], []
    with transaction.atomic():
        for line in lines:
            if Payment.objects.filter(source=PaymentSource.BANK, external_id=line.fingerprint).exists():
                unmatched.append(UnmatchedLine(line, _("Imported before: this line is already recorded.")))
                continue
            invoice, reason = match_line(line)
            if invoice is None:
                unmatched.append(UnmatchedLine(line, reason))
                continue
            try:
                record_payment(
                    invoice,
                    line.amount,
                    line.date,
                    PaymentSource.BANK,
                    reference=line.words.strip(),
                    external_id=line.fingerprint,
                    recorded_by=recorded_by,
                )
            except PaymentAlreadyRecorded:
                unmatched.append(UnmatchedLine(line, _("Imported before: this line is already recorded.")))
            except PaymentRefused as refused:
                unmatched.append(UnmatchedLine(line, refused.message))
            else:
                matched.append(MatchedLine(line, invoice))
    return ImportResult(matched, unmatched)
