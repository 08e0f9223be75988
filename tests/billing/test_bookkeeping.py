"""The accountant's export of a period's invoices and credit notes, as CSV (from the command) and
XLSX (from the admin), read back: credit notes negative, VAT per rate, and totals that add up."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from django.core.management import CommandError, call_command
from django.urls import reverse

from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import invoiced_order, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def documents():
    """In December: a public institution's invoice (3.695,00), a company's (3.695,00) and a credit
    note of 2.195,00 (1.500,00 exempt + 695,00 with VAT) on the first; in January another invoice."""
    public, company = invoiced_order(), invoiced_order(kind="company")
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        cancel_registration(public.confirmed[0], by=PARTICIPANT)
    january = invoiced_order(kind="private", when=(2027, 1, 5))
    credit_note = public.invoice.credit_notes.get()
    return public.invoice, company.invoice, credit_note, january.invoice


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_csv_from_the_command_adds_up(documents, tmp_path):
    public, company, credit_note, january = documents
    output = tmp_path / "bogføring.csv"
    call_command(
        "export_bookkeeping", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "csv",
        "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    rows = read_csv(output)
    assert [row["Nummer"] for row in rows] == [
        str(public.number),
        str(company.number),
        str(credit_note.number),
    ]
    note = rows[2]
    assert (note["Type"], note["Dato"], note["Krediterer faktura"]) == (
        "Kreditnota",
        "2026-12-10",
        str(public.number),
    )
    assert (note["Kunde"], note["EAN-nummer"]) == ("Middelfart Kommune, Børn og Unge", "5798000000001")
    assert (note["Beløb ekskl. moms med 25 %"], note["Moms 25 %"], note["Momsfrit beløb"]) == (
        "-556.00",
        "-139.00",
        "-1500.00",
    )
    assert note["I alt inkl. moms"] == "-2195.00"
    assert rows[1]["CVR-nummer"] == "13585628"
    for row in rows:
        net = Decimal(row["Beløb ekskl. moms med 25 %"]) + Decimal(row["Momsfrit beløb"])
        assert net == Decimal(row["I alt ekskl. moms"])
        assert Decimal(row["Moms 25 %"]) == Decimal(row["Moms i alt"])
        assert Decimal(row["I alt ekskl. moms"]) + Decimal(row["Moms i alt"]) == Decimal(
            row["I alt inkl. moms"]
        )
    assert sum(Decimal(row["I alt inkl. moms"]) for row in rows) == Decimal("3695.00") * 2 - Decimal(
        "2195.00"
    )


def test_the_xlsx_from_the_admin_has_numbers_dates_and_a_total_row(admin_client, documents):
    public, company, credit_note, january = documents
    response = admin_client.post(
        reverse("invoices:bookkeeping_export"),
        {"date_from": "2026-12-01", "date_to": "2027-01-31", "file_format": "xlsx"},
    )
    assert response.status_code == 200
    assert "bogfoering-2026-12-01-2027-01-31.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    heading, documents_rows, total = rows[0], rows[1:-1], rows[-1]
    assert heading[0] == "Nummer" and heading[-1] == "I alt inkl. moms"
    assert [row[0] for row in documents_rows] == [
        public.number,
        company.number,
        credit_note.number,
        january.number,
    ]
    assert documents_rows[0][2] == dt.datetime(2026, 12, 1)
    assert documents_rows[2][-1] == -2195
    assert total[0].startswith("I alt")
    for column in range(7, 13):
        assert total[column] == pytest.approx(sum(row[column] for row in documents_rows))
    assert total[-1] == pytest.approx(3 * 3695 - 2195)


def test_the_admin_export_refuses_a_reversed_period_in_danish(admin_client):
    response = admin_client.post(
        reverse("invoices:bookkeeping_export"),
        {"date_from": "2027-01-31", "date_to": "2026-12-01", "file_format": "csv"},
    )
    assert response.status_code == 200
    assert "Slutdatoen må ikke ligge før startdatoen." in response.content.decode()


def test_the_command_refuses_a_date_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_bookkeeping", "--from", "1-12-2026", "--to", "2026-12-31")
    with pytest.raises(CommandError, match="--from"):
        call_command("export_bookkeeping", "--from", "2027-01-01", "--to", "2026-12-31")
