"""manage.py export_bookkeeping --from 2026-01-01 --to 2026-12-31 --format csv|xlsx --output FILE:
the invoices and credit notes of a period for the accountant (billing/services/bookkeeping.py)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing.services.bookkeeping import FORMATS, export_bookkeeping, export_filename


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write the invoices and credit notes issued in a date range as CSV or XLSX for the accountant."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="first invoice date, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last invoice date, YYYY-MM-DD")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="csv")
        parser.add_argument("--language", choices=["da", "en"], default="da", help="of the column headings")
        parser.add_argument("--output", help="the file to write (default: its own name in this folder)")

    def handle(self, *args, date_from, date_to, file_format, language, output=None, **options):
        start, end = iso_date(date_from), iso_date(date_to)
        if start > end:
            raise CommandError("--from must not be after --to.")
        path = Path(output or export_filename(start, end, file_format, language))
        path.write_bytes(export_bookkeeping(start, end, file_format, language))
        self.stdout.write(f"{start}–{end} → {path}")
