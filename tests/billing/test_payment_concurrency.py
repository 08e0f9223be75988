"""Payments of one invoice at once (staff registering it while a bank statement is imported, say)
never pay more than is owed: record_payment locks the invoice's row. The control twin records
without the lock and pauses between reading what is owed and writing: the invoice is paid several
times over, which proves the test can catch the race."""

import time
from decimal import Decimal

import pytest

from billing.models import Payment, PaymentSource
from billing.services import payments
from billing.services.payments import PaymentRefused, record_payment
from tests import demo_snapshot
from tests.billing.factories import invoiced_order, seller_settings
from tests.events.test_concurrency import in_parallel

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 8


@pytest.fixture
def invoice():
    demo_snapshot.restore()  # transactional tests start from a flushed database
    seller_settings()
    return invoiced_order().invoice


def pay_in_full_at_once(invoice) -> list:
    def pay(number):
        try:
            record_payment(
                invoice, invoice.total, invoice.issue_date, PaymentSource.MANUAL, reference=str(number)
            )
            return "paid"
        except PaymentRefused:
            return "refused"

    return in_parallel(pay, list(range(AT_ONCE)))


def test_paying_in_full_several_times_at_once_pays_once(invoice):
    outcomes = pay_in_full_at_once(invoice)
    assert sorted(outcomes) == ["paid"] + ["refused"] * (AT_ONCE - 1)
    assert Payment.objects.get().amount == Decimal("3695.00")


def test_control_without_the_lock_pays_too_much(invoice, monkeypatch):
    owed = payments.amount_owed

    def slow_amount_owed(invoice):
        amount = owed(invoice)
        time.sleep(0.3)  # every payment reads what is owed before any of them writes
        return amount

    monkeypatch.setattr(payments, "lock_invoice", lambda invoice: None)
    monkeypatch.setattr(payments, "amount_owed", slow_amount_owed)
    outcomes = pay_in_full_at_once(invoice)
    assert outcomes.count("paid") > 1, "without the lock the race must show, or this test could not catch it"
