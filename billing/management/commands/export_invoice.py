"""Write one invoice or credit note as a file, so an operator can send it again:
`manage.py export_invoice 12 --format pdf --output faktura-12.pdf`, or `--latest` for the newest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing.documents import invoice_filename, invoice_pdf
from billing.models import Invoice


class Command(BaseCommand):
    help = "Write an invoice or credit note (by number, or the newest with --latest) as a PDF file."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("number", nargs="?", type=int, help="the document's number")
        which.add_argument("--latest", action="store_true", help="the newest document instead of a number")
        # Peppol UBL is the other format the issue asks for; it comes with the e-invoices.
        parser.add_argument("--format", choices=["pdf"], default="pdf")
        parser.add_argument("--output", help="the file to write (default: its own name in this folder)")

    def handle(self, *args, number=None, latest=False, output=None, **options):
        documents = Invoice.objects.order_by("-number")
        invoice = documents.first() if latest else documents.filter(number=number).first()
        if invoice is None:
            raise CommandError(
                "There is no invoice yet." if latest else f"There is no invoice number {number}."
            )
        path = Path(output or invoice_filename(invoice))
        path.write_bytes(invoice_pdf(invoice))
        self.stdout.write(f"{invoice} → {path}")
