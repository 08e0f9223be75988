"""Write one invoice or credit note as a file, so an operator can send it again:
`manage.py export_invoice 12 --format pdf --output faktura-12.pdf`, `--format ubl` for a public
payer's Peppol UBL e-invoice, or `--latest` for the newest document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing.documents import invoice_filename, invoice_pdf
from billing.einvoice import is_einvoice, ubl_document, ubl_filename
from billing.models import Invoice


class Command(BaseCommand):
    help = (
        "Write an invoice or credit note (by number, or the newest with --latest) as a PDF file, or as "
        "a Peppol BIS Billing 3.0 UBL file for a public payer with an EAN number."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("number", nargs="?", type=int, help="the document's number")
        which.add_argument("--latest", action="store_true", help="the newest document instead of a number")
        parser.add_argument("--format", dest="file_format", choices=["pdf", "ubl"], default="pdf")
        parser.add_argument("--output", help="the file to write (default: its own name in this folder)")

    def handle(self, *args, number=None, latest=False, output=None, file_format="pdf", **options):
        documents = Invoice.objects.order_by("-number")
        invoice = documents.first() if latest else documents.filter(number=number).first()
        if invoice is None:
            raise CommandError(
                "There is no invoice yet." if latest else f"There is no invoice number {number}."
            )
        if file_format == "ubl":
            # Only a public payer has a Peppol address the portal knows (the EAN); a company's or a
            # person's UBL document would name no receiver, and the Peppol rules refuse that.
            if not is_einvoice(invoice):
                raise CommandError(
                    f"Document number {invoice.number} is not to a public payer with an EAN number: only "
                    "public payers get a UBL e-invoice. Use --format pdf."
                )
            content, filename = ubl_document(invoice), ubl_filename(invoice)
        else:
            content, filename = invoice_pdf(invoice), invoice_filename(invoice)
        path = Path(output or filename)
        path.write_bytes(content)
        self.stdout.write(f"{invoice} → {path}")
