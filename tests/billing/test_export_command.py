"""`manage.py export_invoice` writes one document as a PDF or, for a public payer, as a UBL e-invoice,
by number or the newest, for re-sending."""

import pytest

from django.core.management import CommandError, call_command

from billing.documents import invoice_pdf
from billing.einvoice import ubl_document
from billing.services.orders import place_order
from tests.billing.factories import colleague, paid_event, payer, seller_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_invoices():
    seller_settings()
    event = paid_event()
    return [place_order(event, payer("public"), [colleague(event, number)]).invoice for number in (1, 2)]


def test_by_number_to_a_file(two_invoices, tmp_path, capsys):
    first = two_invoices[0]
    output = tmp_path / "copy.pdf"
    call_command("export_invoice", str(first.number), "--format", "pdf", "--output", str(output))
    assert output.read_bytes() == invoice_pdf(first)
    assert str(output) in capsys.readouterr().out


def test_the_latest_under_its_own_name(two_invoices, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_invoice", "--latest")
    assert (tmp_path / f"faktura-{two_invoices[1].number}.pdf").read_bytes() == invoice_pdf(two_invoices[1])


def test_an_unknown_number_is_a_clear_error(two_invoices):
    with pytest.raises(CommandError, match="no invoice number 999"):
        call_command("export_invoice", "999")


def test_a_public_payers_document_as_ubl(two_invoices, tmp_path):
    first = two_invoices[0]
    output = tmp_path / "copy.xml"
    call_command("export_invoice", str(first.number), "--format", "ubl", "--output", str(output))
    assert output.read_bytes() == ubl_document(first)


def test_the_latest_as_ubl_under_its_own_name(two_invoices, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_invoice", "--latest", "--format", "ubl")
    assert (tmp_path / f"invoice-{two_invoices[1].number}.xml").read_bytes() == ubl_document(two_invoices[1])


def test_a_company_invoice_has_no_ubl(tmp_path):
    """A company or a person has no Peppol address the portal knows, and the rules need one."""
    seller_settings()
    event = paid_event()
    invoice = place_order(event, payer("company"), [colleague(event, 1)]).invoice
    with pytest.raises(CommandError, match="only public payers get a UBL e-invoice"):
        call_command(
            "export_invoice", str(invoice.number), "--format", "ubl", "--output", str(tmp_path / "a")
        )
    assert not (tmp_path / "a").exists()
