"""The scheduled job (manage.py run_event_jobs) reminds the booker of an overdue invoice in the
invoice's language, with the invoice attached; at most every 14 days and three times, never for a
paid invoice."""

import io
from decimal import Decimal

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command

from billing.models import PaymentReminder, PaymentSource
from billing.services.payments import record_payment
from tests.billing.factories import invoiced_order, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


def run_jobs_on(day: tuple[int, int, int], capture) -> list:
    """Run the cron job at 03:00 on `day`; the payment reminders it sent."""
    mail.outbox.clear()
    with time_machine.travel(local(*day, 3), tick=False), capture(execute=True):
        call_command("run_event_jobs", stdout=io.StringIO())
    return [message for message in mail.outbox if message.subject.startswith(("Rykker", "Reminder"))]


@pytest.mark.parametrize(
    ("language", "expected", "filename"),
    [
        (
            "da",
            [
                "Kære Hanne Leder",
                "faktura {number} af 1. december 2026, som forfaldt 31. december 2026",
                "Skyldigt beløb: 2.695,00 kr.",
                "mærket med fakturanummer {number}",
                "Reg. nr. 0815, kontonr. 4711001",
            ],
            "faktura-{number}.pdf",
        ),
        (
            "en",
            [
                "Dear Hanne Leder",
                "invoice {number} of 1 December 2026, which was due on 31 December 2026",
                "Amount owed: DKK 2,695.00",
                "marked with invoice number {number}",
                "Reg. no. 0815, account no. 4711001",
            ],
            "invoice-{number}.pdf",
        ),
    ],
)
def test_one_reminder_for_an_overdue_invoice_in_its_language(
    django_capture_on_commit_callbacks, language, expected, filename
):
    invoice = invoiced_order(language=language).invoice
    record_payment(invoice, Decimal("1000.00"), invoice.issue_date, PaymentSource.MANUAL)
    assert run_jobs_on((2027, 1, 1), django_capture_on_commit_callbacks) == [], "overdue only a day"
    (reminder,) = run_jobs_on((2027, 1, 3), django_capture_on_commit_callbacks)
    assert reminder.to == ["hanne@kommune.example"]
    assert str(invoice.number) in reminder.subject
    for text in expected:
        assert text.format(number=invoice.number) in reminder.body
    (attachment,) = reminder.attachments
    assert attachment[0] == filename.format(number=invoice.number)
    assert attachment[1].startswith(b"%PDF-") and attachment[2] == "application/pdf"
    assert run_jobs_on((2027, 1, 4), django_capture_on_commit_callbacks) == [], "not every run"


def test_again_every_fourteen_days_at_most_three_times(django_capture_on_commit_callbacks):
    invoice = invoiced_order().invoice
    sent = {
        day: len(run_jobs_on(day, django_capture_on_commit_callbacks))
        for day in [(2027, 1, 3), (2027, 1, 16), (2027, 1, 17), (2027, 1, 31), (2027, 2, 14), (2027, 3, 31)]
    }
    assert sent == {
        (2027, 1, 3): 1,
        (2027, 1, 16): 0,
        (2027, 1, 17): 1,
        (2027, 1, 31): 1,
        (2027, 2, 14): 0,
        (2027, 3, 31): 0,
    }
    assert PaymentReminder.objects.filter(invoice=invoice).count() == 3


def test_no_reminder_for_a_paid_invoice(django_capture_on_commit_callbacks):
    invoice = invoiced_order().invoice
    record_payment(invoice, invoice.total, invoice.due_date, PaymentSource.BANK)
    assert run_jobs_on((2027, 1, 10), django_capture_on_commit_callbacks) == []
    assert not PaymentReminder.objects.exists()


def test_the_job_reports_how_many_it_reminded(django_capture_on_commit_callbacks):
    invoiced_order()
    output = io.StringIO()
    with (
        time_machine.travel(local(2027, 1, 3, 3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("run_event_jobs", stdout=output)
    assert "Payment reminders sent: 1." in output.getvalue()
