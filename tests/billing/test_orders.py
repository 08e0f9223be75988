"""A team leader books several colleagues in one order, under the event's lock: each takes their own
seat and room while they last, the rest go on the waiting list, and the booker is told who is where.
A participant who cannot be booked at all refuses the whole order, and nothing is booked."""

import datetime as dt

import pytest
import time_machine

from django.core import mail
from django.utils import translation

from billing.models import DocumentSeries, Invoice, Order, OrderStatus
from billing.services.orders import ParticipantRefused, place_order
from events.models import Registration, RegistrationNight, RegistrationStatus
from tests.billing.factories import colleague, paid_event, payer, seller_settings
from tests.events.factories import local, make_registration

pytestmark = pytest.mark.django_db

NIGHT = dt.date(2027, 1, 14)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        yield


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def two_seats_left():
    """Three seats, one taken already; three rooms a night."""
    event = paid_event(capacity=3, rooms_per_night=3)
    make_registration(event, "Karen Blixen")
    return event


def test_three_colleagues_on_an_event_with_two_seats_left(two_seats_left, django_capture_on_commit_callbacks):
    event = two_seats_left
    colleagues = [colleague(event, number, nights=[NIGHT]) for number in (1, 2, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(event, payer("public"), colleagues)

    assert [r.name for r in placed.confirmed] == ["Kollega 1", "Kollega 2"]
    assert [r.name for r in placed.waiting] == ["Kollega 3"]
    assert placed.order.status == OrderStatus.CONFIRMED
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 3
    # Each confirmed colleague holds their own room; the one waiting holds none.
    held = RegistrationNight.objects.filter(
        registration__event=event, registration__status=RegistrationStatus.CONFIRMED, night=NIGHT
    )
    assert sorted(night.registration.name for night in held) == ["Kollega 1", "Kollega 2"]
    assert [p.registration.name for p in placed.order.participants.all()] == [
        "Kollega 1",
        "Kollega 2",
        "Kollega 3",
    ]

    # One invoice for the order, for the two seats and their nights only.
    invoice = placed.invoice
    assert [line.description for line in invoice.lines.all()] == [
        "Deltagelse: Kollega 1 (Standard)",
        "Overnatning, natten til 15. januar 2027: Kollega 1",
        "Deltagelse: Kollega 2 (Standard)",
        "Overnatning, natten til 15. januar 2027: Kollega 2",
    ]
    assert invoice.total == 2 * (1500 + 695)

    # Each colleague gets their own e-mail saying which it is; the booker sees who waits.
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["kollega1@kommune.example"].startswith("Du er tilmeldt")
    assert subjects["kollega2@kommune.example"].startswith("Du er tilmeldt")
    assert subjects["kollega3@kommune.example"].startswith("Du står på ventelisten")
    booker = next(message for message in mail.outbox if message.to == ["hanne@kommune.example"])
    has_seat, waiting = booker.body.split("venteliste", 1)
    assert "Kollega 1" in has_seat and "Kollega 2" in has_seat and "Kollega 3" not in has_seat
    assert "Kollega 3" in waiting


def test_a_night_without_a_room_refuses_the_whole_order(two_seats_left, django_capture_on_commit_callbacks):
    event = two_seats_left
    event.rooms_per_night = 1
    event.save_revision().publish()
    before = DocumentSeries.objects.get(name="invoices").last_number
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ParticipantRefused) as refused:
        place_order(
            event, payer("public"), [colleague(event, 1, nights=[NIGHT]), colleague(event, 2, nights=[NIGHT])]
        )
    assert refused.value.number == 2 and refused.value.field_name == "nights"
    assert "Deltager 2: Der er ikke flere værelser" in str(refused.value.message)
    assert not Registration.objects.filter(email__startswith="kollega").exists()
    assert not Order.objects.exists() and not Invoice.objects.exists()
    assert DocumentSeries.objects.get(name="invoices").last_number == before
    assert mail.outbox == []


def test_the_same_address_twice_refuses_the_order_in_the_bookers_language(two_seats_left):
    event = two_seats_left
    twice = [colleague(event, 1), colleague(event, 2, email="kollega1@kommune.example")]
    with translation.override("en"), pytest.raises(ParticipantRefused) as refused:
        place_order(event, payer("public", language="en"), twice)
    with translation.override("en"):
        assert str(refused.value.message) == "Participant 2: You are already registered for this event."
    assert not Order.objects.exists()


def test_an_order_needs_a_participant(two_seats_left):
    from events.services import BookingError

    with pytest.raises(BookingError):
        place_order(two_seats_left, payer("public"), [])


def test_a_paid_order_needs_a_payer_chosen(two_seats_left):
    from events.services import BookingError

    with translation.override("en"), pytest.raises(BookingError) as refused:
        place_order(two_seats_left, payer(""), [colleague(two_seats_left, 1)])
    assert refused.value.field_name == "payer_type"
    with translation.override("en"):
        assert str(refused.value.message) == "Choose who pays: you, a company or a public institution."
    assert (
        not Order.objects.exists() and not Registration.objects.filter(email__startswith="kollega").exists()
    )
