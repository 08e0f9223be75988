"""The gap-free series under a 30-way race: thirty orders confirmed at once, each in its own real
transaction and connection against PostgreSQL, on thirty different events (so that no event lock
serialises them and only the series' lock stands between them), get the numbers that follow the
last one, without a gap and without a duplicate. The control twin reads the counter without the
lock and pauses before writing: the race shows as transactions that took the same number and were
refused by the unique number, which proves the test can catch it."""

import time

import pytest

from django.db import IntegrityError

from billing.models import DocumentSeries, Invoice
from billing.services import numbering
from billing.services.orders import place_order
from tests import demo_snapshot
from tests.billing.factories import colleague, paid_event, payer, seller_settings
from tests.events.test_concurrency import PARALLEL, in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thirty_events():
    demo_snapshot.restore()  # transactional tests start from a flushed database
    seller_settings()
    return [paid_event(capacity=5) for _ in range(PARALLEL)]


def confirm_all_at_once(events) -> list:
    """One order per event, all confirmed at once; "duplicate" where the database refused a number."""

    def confirm(event):
        try:
            booker = payer("public", booker_email=f"leder{event.pk}@kommune.example")
            return place_order(event, booker, [colleague(event, event.pk)]).invoice.number
        except IntegrityError:
            return "duplicate"

    return in_parallel(confirm, events)


def last_number() -> int:
    return DocumentSeries.objects.get(name=numbering.INVOICES).last_number


def test_thirty_orders_confirmed_at_once_get_thirty_numbers_in_a_row(thirty_events):
    before = last_number()
    numbers = confirm_all_at_once(thirty_events)
    assert sorted(numbers) == list(range(before + 1, before + PARALLEL + 1))
    assert sorted(Invoice.objects.values_list("number", flat=True)) == sorted(numbers)
    assert last_number() == before + PARALLEL


def test_control_without_the_lock_numbers_collide(thirty_events, monkeypatch):
    def unlocked_counter(series):
        counter = DocumentSeries.objects.get(name=series)
        time.sleep(0.3)  # every transaction reads the counter before any of them writes it
        return counter

    monkeypatch.setattr(numbering, "locked_counter", unlocked_counter)
    numbers = confirm_all_at_once(thirty_events)
    issued = [number for number in numbers if number != "duplicate"]
    assert len(issued) < PARALLEL, "without the lock the race must show, or this test could not catch it"
    assert "duplicate" in numbers
