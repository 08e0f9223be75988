"""Real concurrent transactions against PostgreSQL: capacity and rooms per night are never exceeded.

Each test has a control twin that disables the event lock and widens the gap between counting and
writing; the control must show the race (more bookings than places), which proves the test can
catch it.
"""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db import connection

from events import booking
from events.booking import Applicant, BookingError
from events.models import EventPage, Registration, RegistrationNight, RegistrationStatus
from tests import demo_snapshot
from tests.events.factories import local, make_event

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 30


def parallel_bookings(event: EventPage, nights=()) -> list:
    """Book PARALLEL seats at once, each in its own thread, connection and transaction."""
    option_id = event.price_options[0].id
    start = threading.Barrier(PARALLEL)

    def attempt(number):
        try:
            start.wait()
            return booking.book_seat(
                event,
                Applicant(
                    name=f"Deltager {number}",
                    email=f"deltager{number}@example.dk",
                    price_option_id=option_id,
                    payer_type="private",
                    accepted_terms=True,
                    nights=list(nights),
                ),
            ).status
        except BookingError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(attempt, range(PARALLEL)))


def without_lock(monkeypatch):
    """The control: no row lock, and a pause after counting so that every thread counts first."""
    count_seats, count_rooms = booking.count_taken_seats, booking.full_nights

    def slow_count_seats(event):
        taken = count_seats(event)
        time.sleep(0.3)
        return taken

    def slow_full_nights(event, nights):
        full = count_rooms(event, nights)
        time.sleep(0.3)
        return full

    monkeypatch.setattr(booking, "lock_event", lambda event_id: EventPage.objects.get(pk=event_id))
    monkeypatch.setattr(booking, "count_taken_seats", slow_count_seats)
    monkeypatch.setattr(booking, "full_nights", slow_full_nights)


@pytest.fixture
def small_event():
    demo_snapshot.restore()  # transactional tests start from a flushed database
    return make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), capacity=3)


@pytest.fixture
def event_with_rooms():
    demo_snapshot.restore()
    return make_event(
        start=local(2027, 1, 14, 9),
        end=local(2027, 1, 15, 15),
        capacity=100,
        accommodation_price_per_night="695.00",
        rooms_per_night=3,
    )


def test_thirty_parallel_registrations_for_three_seats(small_event):
    results = parallel_bookings(small_event)
    assert results.count("confirmed") == 3
    assert results.count("waiting") == 27
    confirmed = Registration.objects.filter(event=small_event, status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() == 3


def test_control_without_the_lock_overbooks(small_event, monkeypatch):
    without_lock(monkeypatch)
    parallel_bookings(small_event)
    confirmed = Registration.objects.filter(event=small_event, status=RegistrationStatus.CONFIRMED).count()
    assert confirmed > 3, "without the lock the race must show, or this test could not catch it"


def test_thirty_parallel_bookings_for_three_rooms(event_with_rooms):
    night = dt.date(2027, 1, 14)
    results = parallel_bookings(event_with_rooms, nights=[night])
    assert results.count("confirmed") == 3
    assert results.count("refused") == 27
    assert RegistrationNight.objects.filter(registration__event=event_with_rooms, night=night).count() == 3


def test_control_without_the_lock_overbooks_rooms(event_with_rooms, monkeypatch):
    without_lock(monkeypatch)
    night = dt.date(2027, 1, 14)
    parallel_bookings(event_with_rooms, nights=[night])
    assert RegistrationNight.objects.filter(registration__event=event_with_rooms, night=night).count() > 3
