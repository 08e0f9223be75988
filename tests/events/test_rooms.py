"""Rooms are a capacity like seats at every step (issue 13, finding 1): booking, the waiting list,
a seat offer, its acceptance and staff changes never put more people in a night than there are rooms."""

import contextlib
import datetime as dt
from collections import Counter

import pytest
import time_machine

from events.models import Registration, RegistrationNight, RegistrationStatus
from events.models.registration import SEAT_HOLDING
from events.services import Applicant, BookingError, accept_offer, book_seat, cancel_registration
from events.services.audit import PARTICIPANT
from tests.events.factories import local, make_event

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)
FIRST_NIGHT, SECOND_NIGHT = dt.date(2027, 1, 13), dt.date(2027, 1, 14)
BOTH_NIGHTS = [FIRST_NIGHT, SECOND_NIGHT]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def event_with(seats: int, rooms: int):
    """A two-day event (nights 13 and 14 January) with `seats` seats and `rooms` rooms a night."""
    return make_event(
        start=local(2027, 1, 14, 9, 30),
        end=local(2027, 1, 15, 15),
        capacity=seats,
        accommodation_price_per_night="695.00",
        rooms_per_night=rooms,
    )


def book(event, name, nights=()):
    return book_seat(
        event,
        Applicant(
            name=name,
            email=f"{name.lower()}@example.dk",
            price_option_id=event.price_options[0].id,
            payer_type="private",
            accepted_terms=True,
            billing_address="Idéstien 1, 5500 Middelfart",
            nights=list(nights),
        ),
    )


def rooms_taken(event) -> Counter:
    """Rooms held per night, counted as the booking rule counts them (confirmed and open offers)."""
    return Counter(
        RegistrationNight.objects.filter(
            registration__event=event, registration__status__in=SEAT_HOLDING
        ).values_list("night", flat=True)
    )


def status_of(registration) -> str:
    registration.refresh_from_db()
    return registration.status


def test_issue_13_repro_rooms_are_not_overbooked_through_the_waiting_list():
    """The repro of the finding: A and B book both nights (rooms 2/2), C books no nights (seats 3/3),
    D books both nights and waits; C cancels, D accepts the offer: rooms 3/2 before the fix."""
    event = event_with(seats=3, rooms=2)
    book(event, "A", BOTH_NIGHTS)
    book(event, "B", BOTH_NIGHTS)
    c = book(event, "C")
    try:
        d = book(event, "D", BOTH_NIGHTS)
    except BookingError:
        d = None  # the waiting list refuses nights that are full: D may wait without them
    cancel_registration(c, by=PARTICIPANT)
    if d is not None and status_of(d) == RegistrationStatus.OFFERED:
        with contextlib.suppress(BookingError):
            accept_offer(d)
    assert max(rooms_taken(event).values()) <= 2, rooms_taken(event)


def test_the_waiting_list_refuses_nights_without_a_free_room():
    event = event_with(seats=3, rooms=2)
    book(event, "A", BOTH_NIGHTS)
    book(event, "B", BOTH_NIGHTS)
    book(event, "C")
    with pytest.raises(BookingError) as error:
        book(event, "D", BOTH_NIGHTS)
    assert error.value.field_name == "nights"
    assert not Registration.objects.filter(email="d@example.dk").exists()
    # Without the full nights D joins the waiting list as usual.
    assert book(event, "D").status == RegistrationStatus.WAITING


def test_a_freed_seat_goes_to_the_first_person_waiting_whose_nights_have_rooms():
    event = event_with(seats=3, rooms=1)
    a, b, _ = book(event, "A"), book(event, "B"), book(event, "C")
    # Both ask for both nights while the one room is still free: both may wait for it.
    d = book(event, "D", BOTH_NIGHTS)
    e = book(event, "E", BOTH_NIGHTS)
    f = book(event, "F")
    assert [d.status, e.status, f.status] == [RegistrationStatus.WAITING] * 3

    cancel_registration(a, by=PARTICIPANT)
    assert status_of(d) == RegistrationStatus.OFFERED  # D's offer holds the room

    cancel_registration(b, by=PARTICIPANT)
    # E is next, but the room is D's: the seat goes to F, who needs no room; E keeps their place.
    assert status_of(e) == RegistrationStatus.WAITING
    assert status_of(f) == RegistrationStatus.OFFERED
    assert rooms_taken(event) == Counter({FIRST_NIGHT: 1, SECOND_NIGHT: 1})

    # D lets the offer go: the seat comes with the room, and E is first in line for both.
    cancel_registration(d, by=PARTICIPANT)
    assert status_of(e) == RegistrationStatus.OFFERED
    accept_offer(e)
    assert rooms_taken(event) == Counter({FIRST_NIGHT: 1, SECOND_NIGHT: 1})


def test_accepting_an_offer_checks_the_rooms_again():
    event = event_with(seats=2, rooms=2)
    a = book(event, "A")
    book(event, "B", [FIRST_NIGHT])
    d = book(event, "D", [FIRST_NIGHT])
    cancel_registration(a, by=PARTICIPANT)
    assert status_of(d) == RegistrationStatus.OFFERED
    # An editor lets one of the two rooms go before D answers.
    event.rooms_per_night = 1
    event.save()
    with pytest.raises(BookingError) as error:
        accept_offer(d)
    assert error.value.field_name == "nights"
    assert status_of(d) == RegistrationStatus.OFFERED
    assert not Registration.objects.filter(pk=d.pk, status=RegistrationStatus.CONFIRMED).exists()


def test_accepting_an_offer_checks_the_seats_again():
    event = event_with(seats=2, rooms=2)
    a = book(event, "A")
    book(event, "B")
    d = book(event, "D")
    cancel_registration(a, by=PARTICIPANT)
    assert status_of(d) == RegistrationStatus.OFFERED
    event.capacity = 1  # an editor takes a seat away
    event.save()
    with pytest.raises(BookingError):
        accept_offer(d)
    assert status_of(d) == RegistrationStatus.OFFERED
