"""Real concurrent transactions against PostgreSQL: seats and rooms per night are never exceeded,
whether places are taken by booking or through the waiting list (seat offers).

Each test has a control twin that disables the event lock and widens the gap between counting and
writing; the control must show the race (more bookings than places), which proves the test can
catch it. The lock's timeout is tested with two real connections: one holds the lock in a thread.
"""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db import connection, transaction
from django.utils import translation

from events.models import EventPage, Registration, RegistrationNight, RegistrationStatus
from events.models.registration import SEAT_HOLDING
from events.services import (
    Applicant,
    BookingError,
    EventBusy,
    book_seat,
    cancel_registration,
    capacity,
    lock_event,
    locking,
    offer_free_seats,
)
from events.services.audit import PARTICIPANT, SCHEDULE
from tests import demo_snapshot
from tests.events.factories import local, make_event, make_registration, translate_event

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 30


def in_parallel(action, arguments) -> list:
    """Run action(argument) for each argument at once, each in its own thread, connection and
    transaction; a BookingError counts as "refused"."""
    start = threading.Barrier(len(arguments))

    def attempt(argument):
        try:
            start.wait()
            return action(argument)
        except BookingError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(attempt, arguments))


def parallel_bookings(event: EventPage, nights=()) -> list:
    """Book PARALLEL seats at once."""
    option_id = event.price_options[0].id

    def book(number):
        applicant = Applicant(
            name=f"Deltager {number}",
            email=f"deltager{number}@example.dk",
            price_option_id=option_id,
            payer_type="private",
            accepted_terms=True,
            nights=list(nights),
        )
        return book_seat(event, applicant).status

    return in_parallel(book, list(range(PARALLEL)))


def without_lock(monkeypatch):
    """The control: no row lock, and a pause after counting so that every thread counts first."""
    count_seats, count_rooms = capacity.count_taken_seats, capacity.rooms_taken

    def slow_count_seats(event, excluding=None):
        taken = count_seats(event, excluding)
        time.sleep(0.3)
        return taken

    def slow_rooms_taken(event, excluding=None):
        taken = count_rooms(event, excluding)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(locking, "lock_event", lambda event_id: EventPage.objects.get(pk=event_id))
    monkeypatch.setattr(capacity, "count_taken_seats", slow_count_seats)
    monkeypatch.setattr(capacity, "rooms_taken", slow_rooms_taken)


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


# The waiting list: seats freed and offered at once ------------------------------------------------

NIGHT = dt.date(2027, 1, 14)


def seats_held(event) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_HOLDING).count()


def rooms_held(event) -> int:
    return RegistrationNight.objects.filter(
        registration__event=event, registration__status__in=SEAT_HOLDING, night=NIGHT
    ).count()


def person(event, role: str, number: int, **fields):
    return make_registration(event, f"{role.title()} {number}", email=f"{role}{number}@example.dk", **fields)


@pytest.fixture
def full_event_waiting_for_rooms(event_with_rooms):
    """All seats taken by people who need no room; as many people waiting, each for a room on NIGHT
    (3 rooms a night): freed seats can go to three of them at most."""
    event = event_with_rooms
    event.capacity = PARALLEL
    event.save()
    confirmed = [person(event, "deltager", number) for number in range(PARALLEL)]
    for number in range(PARALLEL):
        person(event, "venter", number, status=RegistrationStatus.WAITING, nights=[NIGHT])
    return event, confirmed


@pytest.fixture
def without_the_change_log_lock():
    """partner_api notes every saved registration in its change log, under a row lock per event
    that is held to the end of the transaction. That happens to serialise cancellations before they
    count, and would hide the race from the control; the control goes without it, so that only the
    event lock is tested."""
    from django.db.models.signals import post_save

    from partner_api.signals import related_row_changed

    uid = "partner_api_related_events.Registration_saved"
    assert post_save.disconnect(sender=Registration, dispatch_uid=uid), "the receiver has moved"
    yield
    post_save.connect(related_row_changed, sender=Registration, dispatch_uid=uid)


def cancel_all_at_once(registrations) -> list:
    return in_parallel(lambda registration: cancel_registration(registration, by=PARTICIPANT), registrations)


def test_thirty_parallel_cancellations_offer_no_more_rooms_than_there_are(full_event_waiting_for_rooms):
    event, confirmed = full_event_waiting_for_rooms
    cancel_all_at_once(confirmed)
    assert rooms_held(event) == 3
    assert Registration.objects.filter(event=event, status=RegistrationStatus.OFFERED).count() == 3
    assert seats_held(event) <= event.capacity


def test_control_without_the_lock_cancellations_offer_more_rooms_than_there_are(
    full_event_waiting_for_rooms, without_the_change_log_lock, monkeypatch
):
    event, confirmed = full_event_waiting_for_rooms
    without_lock(monkeypatch)
    cancel_all_at_once(confirmed)
    assert rooms_held(event) > 3, "without the lock the race must show, or this test could not catch it"


def offer_all_at_once(event) -> list:
    # Staff pressing "offer free seats", the expiry job and cancellations all end in this call.
    return in_parallel(lambda number: offer_free_seats(event, by=SCHEDULE), list(range(PARALLEL)))


@pytest.fixture
def new_seats_few_rooms(event_with_rooms):
    """Three seats taken, thirty people waiting for a room on NIGHT (3 rooms); then an editor adds
    seven seats: only three of them can come with a room."""
    event = event_with_rooms
    event.capacity = 3
    event.save()
    for number in range(3):
        person(event, "deltager", number)
    for number in range(PARALLEL):
        person(event, "venter", number, status=RegistrationStatus.WAITING, nights=[NIGHT])
    event.capacity = 10
    event.save()
    return event


def test_thirty_parallel_offers_give_no_more_rooms_than_there_are(new_seats_few_rooms):
    offer_all_at_once(new_seats_few_rooms)
    assert rooms_held(new_seats_few_rooms) == 3
    assert seats_held(new_seats_few_rooms) == 6


def test_control_without_the_lock_offers_more_rooms_than_there_are(new_seats_few_rooms, monkeypatch):
    without_lock(monkeypatch)
    offer_all_at_once(new_seats_few_rooms)
    assert rooms_held(new_seats_few_rooms) > 3, "without the lock the race must show"


@pytest.fixture
def new_seats(small_event):
    """Three seats taken and thirty people waiting (no rooms); then an editor adds three seats."""
    for number in range(3):
        person(small_event, "deltager", number)
    for number in range(PARALLEL):
        person(small_event, "venter", number, status=RegistrationStatus.WAITING)
    small_event.capacity = 6
    small_event.save()
    return small_event


def test_thirty_parallel_offers_fill_the_new_seats_once(new_seats):
    offer_all_at_once(new_seats)
    assert seats_held(new_seats) == 6


def test_control_without_the_lock_offers_more_seats_than_there_are(new_seats, monkeypatch):
    without_lock(monkeypatch)
    offer_all_at_once(new_seats)
    assert seats_held(new_seats) > 6, "without the lock the race must show"


# The lock's timeout ----------------------------------------------------------------------------------


class HeldLock:
    """Holds the event's lock in another thread, on its own connection, until released."""

    def __init__(self, event_id: int):
        self.event_id = event_id
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self.hold)

    def hold(self):
        try:
            with transaction.atomic():
                lock_event(self.event_id)
                self.taken.set()
                self.release.wait(timeout=30)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.taken.wait(timeout=10), "the other connection never got the lock"
        return self

    def __exit__(self, *exc_info):
        self.release.set()
        self.thread.join()


@pytest.fixture
def short_lock_timeout(settings):
    settings.EVENT_LOCK_TIMEOUT_SECONDS = 0.3


def test_a_booking_waits_for_the_lock_only_so_long_then_says_busy(small_event, short_lock_timeout):
    applicant = Applicant(
        name="Deltager",
        email="deltager@example.dk",
        price_option_id=small_event.price_options[0].id,
        payer_type="private",
        accepted_terms=True,
    )
    with HeldLock(small_event.pk):
        started = time.monotonic()
        with pytest.raises(EventBusy) as busy:
            book_seat(small_event, applicant)
        waited = time.monotonic() - started
    assert waited < 5, "the booking gave up instead of waiting for the other transaction"
    with translation.override("en"):
        assert "try again in a moment" in str(busy.value.message)
    assert not Registration.objects.exists()
    # Once the lock is free, the same booking goes through.
    assert book_seat(small_event, applicant).status == RegistrationStatus.CONFIRMED


def test_a_busy_event_answers_the_visitor_in_their_language_not_with_a_500(
    small_event, short_lock_timeout, client
):
    from tests.events.test_registration_views import form_data

    with HeldLock(small_event.pk):
        danish = client.post(small_event.url, form_data(small_event))
    assert danish.status_code == 200
    assert "Prøv igen om et øjeblik" in danish.content.decode()
    english_page = translate_event(small_event, title="Busy event", slug="busy-event")
    with HeldLock(small_event.pk):
        english = client.post(english_page.url, form_data(english_page))
    assert english.status_code == 200
    assert "Please try again in a moment" in english.content.decode()
    assert not Registration.objects.exists()


def test_a_busy_event_gives_staff_a_message_not_a_500(small_event, short_lock_timeout, admin_client):
    from django.urls import reverse

    registration = make_registration(small_event, "Karen Blixen")
    with HeldLock(small_event.pk):
        response = admin_client.post(
            reverse("events_admin:cancel", args=[small_event.pk, registration.pk]), follow=True
        )
    assert response.status_code == 200
    assert (
        "nothing was changed" in response.content.decode() or "intet blev ændret" in response.content.decode()
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_lock_is_refused_outside_a_transaction(small_event):
    from django.db.transaction import TransactionManagementError

    with pytest.raises(TransactionManagementError):
        lock_event(small_event.pk)
