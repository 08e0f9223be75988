"""A bank statement CSV uploaded in the admin: lines naming an invoice and paying what it owes are
recorded as payments, the rest shown with the reason; the same file twice pays once; a bad file
gives a Danish error and records nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from billing.models import Payment, PaymentSource
from billing.services.bank_statements import StatementError, import_statement
from billing.services.payments import amount_owed, record_payment
from tests.billing.factories import invoiced_order, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db

TEXT = "Overførsel Middelfart Kommune faktura {number}"


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def invoices():
    """Two invoices of 3.695,00 kr. each; the second was paid in part (1.000,00) already."""
    first, second = invoiced_order().invoice, invoiced_order(kind="company").invoice
    record_payment(second, Decimal("1000.00"), dt.date(2026, 12, 2), PaymentSource.MANUAL)
    return first, second


def danish_statement(first, second) -> bytes:
    """As a Danish bank exports it: ";" between columns, dd-mm-yyyy, 1.500,00, Windows-1252."""
    return (
        "Dato;Tekst;Beløb;Reference\r\n"
        f"05-12-2026;{TEXT.format(number=first.number)};3.695,00;\r\n"
        f"06-12-2026;Social Udvikling ApS;2.000,00;Fakt. {second.number}\r\n"
        "07-12-2026;Indbetaling fra Ærø;500,00;Faktura 9999\r\n"
        "08-12-2026;Husleje december;-12.500,00;\r\n"
    ).encode("cp1252")


def upload(client, content: bytes, name="kontoudtog.csv"):
    with time_machine.travel(local(2026, 12, 9, 12), tick=False):
        return client.post(
            reverse("invoices:bank_statement"),
            {"statement": SimpleUploadedFile(name, content, content_type="text/csv")},
        )


def table_rows(response, heading: str) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "lxml")
    table = soup.find("h2", string=heading).find_next_sibling()
    return [[td.get_text(" ", strip=True) for td in row.select("td")] for row in table.select("tbody tr")]


def test_matched_lines_are_paid_and_the_rest_shown_with_the_reason(admin_client, invoices):
    first, second = invoices
    response = upload(admin_client, danish_statement(first, second))
    assert response.status_code == 200
    assert table_rows(response, "Registreret som betalinger") == [
        [
            "2",
            "05.12.2026",
            f"Overførsel Middelfart Kommune faktura {first.number}",
            "3.695,00 kr.",
            str(first.number),
        ]
    ]
    reasons = {row[0]: row[4] for row in table_rows(response, "Ikke matchet")}
    assert reasons["3"] == f"Beløbet svarer ikke til det skyldige: 2.695,00 kr. på faktura {second.number}."
    assert reasons["4"] == "Ingen faktura med et nummer, der står i teksten eller referencen."
    assert reasons["5"] == "Ikke en indbetaling til os (beløbet er ikke positivt)."
    payment = Payment.objects.get(invoice=first)
    assert (payment.amount, payment.paid_on, payment.source) == (
        Decimal("3695.00"),
        dt.date(2026, 12, 5),
        "bank",
    )
    assert amount_owed(first) == 0 and amount_owed(second) == Decimal("2695.00")


def test_the_same_file_twice_pays_once(admin_client, invoices):
    content = danish_statement(*invoices)
    upload(admin_client, content)
    again = upload(admin_client, content)
    assert table_rows(again, "Registreret som betalinger") == []
    reasons = {row[0]: row[4] for row in table_rows(again, "Ikke matchet")}
    assert reasons["2"] == "Indlæst før: linjen er allerede registreret."
    assert Payment.objects.filter(source="bank").count() == 1


def test_an_already_paid_invoice_is_named_as_such(invoices):
    first, _second = invoices
    import_statement(f"2026-12-05,Faktura {first.number},3695.00\n".encode())
    result = import_statement(f"2026-12-06,Faktura {first.number} igen,3695.00,\n".encode())
    assert [str(line.reason) for line in result.unmatched] == [f"Faktura {first.number} er allerede betalt."]


def test_a_plain_iso_statement_with_a_reference_column(invoices):
    first, second = invoices
    result = import_statement(
        (
            "date,text,amount,reference\n"
            f'2026-12-05,"Middelfart Kommune, Børn og Unge","3,695.00",{first.number}\n'
            f"2026-12-06,Social Udvikling,2695.00,INV{second.number}\n"
        ).encode("utf-8-sig")
    )
    assert [matched.invoice for matched in result.matched] == [first, second]
    assert amount_owed(second) == 0


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "Den medsendte fil er tom."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Filen er ikke en CSV-tekstfil."),
        ("Dato;Tekst;Beløb\n31-13-2026;Faktura 1;100,00\n".encode(), "Linje 2: »31-13-2026« er ikke en dato"),
        ("Dato;Tekst;Beløb\n01-12-2026;Faktura 1;1500.00\n".encode(), "Linje 2: »1500.00« er ikke et beløb"),
        (b"01-12-2026;Faktura 1\n", "Linje 1 har 2 kolonne(r)"),
        ("Dato;Tekst;Beløb\n".encode(), "Filen har ingen posteringer."),
    ],
)
def test_a_bad_file_gives_a_danish_error_and_records_nothing(admin_client, invoices, content, error):
    response = upload(admin_client, content)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Payment.objects.count() == 1  # the fixture's


def test_a_bad_file_stops_the_import_before_any_line_is_recorded(invoices):
    first, _second = invoices
    with pytest.raises(StatementError):
        import_statement(f"2026-12-05,Faktura {first.number},3695.00\n2026-12-06,x,abc\n".encode())
    assert amount_owed(first) == Decimal("3695.00")


def test_a_file_the_csv_reader_cannot_split_is_not_a_csv_file(invoices):
    with pytest.raises(StatementError) as refused:
        import_statement(b'2026-12-05,"Faktura 1' + b"x" * 200_000 + b'",3695.00\n')
    assert str(refused.value) == "Filen er ikke en CSV-tekstfil. Eksportér kontoudtoget fra banken som CSV."
