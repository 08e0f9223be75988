"""`manage.py export_invoice` writes one document as a PDF, by number or the newest, for re-sending."""

import pytest

from django.core.management import CommandError, call_command

from billing.documents import invoice_pdf
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
