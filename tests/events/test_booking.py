"""The booking rule: seats, waiting list, duplicates, windows, rooms per night, seat offers and e-mails."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from django.core import mail
from django.utils import translation

from events.models import Registration, RegistrationStatus
from events.services import (
    Applicant,
    BookingError,
    accept_offer,
    book_seat,
    cancel_registration,
    expire_offers,
)
from events.services.audit import PARTICIPANT
from events.vocabulary import EventStatus
from tests.events.factories import local, make_event, translate_event

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)


def applicant(number=1, **fields) -> Applicant:
    data = {
        "name": f"Deltager {number}",
        "email": f"deltager{number}@example.dk",
        "price_option_id": "",
        "payer_type": "private",
        "accepted_terms": True,
        "billing_address": "Idéstien 1, 5500 Middelfart",
    }
    return Applicant(**{**data, **fields})


@pytest.fixture
def event():
    return make_event(start=local(2027, 1, 14, 9, 30), end=local(2027, 1, 15, 15), capacity=3)


def book(event, number=1, **fields):
    option_id = event.price_options[0].id
    return book_seat(event, applicant(number, price_option_id=option_id, **fields))


@time_machine.travel(NOW, tick=False)
def test_seats_are_confirmed_until_full_then_the_waiting_list_starts(event):
    statuses = [book(event, number).status for number in range(1, 6)]
    assert statuses == ["confirmed"] * 3 + ["waiting"] * 2
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


@time_machine.travel(NOW, tick=False)
def test_a_person_registers_once_per_event_whatever_the_case_of_the_address(event):
    book(event, 1)
    with pytest.raises(BookingError) as error:
        book(event, 2, email="DELTAGER1@Example.DK")
    assert error.value.field_name == "email"
    assert Registration.objects.filter(event=event).count() == 1


@time_machine.travel(NOW, tick=False)
def test_registrations_on_the_english_page_share_the_danish_seats(event):
    english = translate_event(event, title="Co-creation workshop", slug="co-creation-workshop")
    book(event, 1)
    registration = book(english, 2, language="en")
    assert registration.event_id == event.pk, "every registration points at the default-language page"
    assert [book(english, number).status for number in (3, 4)] == ["confirmed", "waiting"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"status": EventStatus.POSTPONED}, "postponed"),
        ({"start": local(2026, 11, 1, 9), "end": local(2026, 11, 1, 15)}, "taken place"),
        ({"registration_opens": local(2026, 12, 1)}, "not opened yet"),
        ({"registration_closes": local(2026, 11, 20)}, "closed"),
    ],
)
def test_registration_is_closed_outside_its_window_with_a_reason(fields, reason):
    event = make_event(**{"start": local(2027, 1, 14, 9), "end": local(2027, 1, 14, 15), **fields})
    with translation.override("en"):
        with pytest.raises(BookingError) as error:
            book(event)
        assert reason in str(error.value.message)


@time_machine.travel(NOW, tick=False)
def test_a_forged_price_option_is_refused(event):
    with pytest.raises(BookingError) as error:
        book_seat(event, applicant(price_option_id="not-a-real-option"))
    assert error.value.field_name == "price_option"


@time_machine.travel(NOW, tick=False)
def test_rooms_per_night_are_never_overbooked():
    event = make_event(
        start=local(2027, 1, 14, 9),
        end=local(2027, 1, 15, 15),
        capacity=10,
        accommodation_price_per_night="695.00",
        rooms_per_night=2,
    )
    night = dt.date(2027, 1, 14)
    assert event.accommodation_nights() == [dt.date(2027, 1, 13), night]
    book(event, 1, nights=[night])
    book(event, 2, nights=[night])
    with pytest.raises(BookingError) as error:
        book(event, 3, nights=[night])
    assert error.value.field_name == "nights"
    assert book(event, 4, nights=[dt.date(2027, 1, 13)]).nights == [dt.date(2027, 1, 13)]
    with pytest.raises(BookingError):
        book(event, 5, nights=[dt.date(2027, 1, 20)])  # not a night of this event


@time_machine.travel(NOW, tick=False)
def test_confirmation_e_mail_goes_out_after_commit_in_the_registrants_language(
    event, django_capture_on_commit_callbacks
):
    english = translate_event(event, title="Co-creation workshop", slug="co-creation-workshop")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        book(english, 1, language="en")
    assert mail.outbox == [], "nothing is sent inside the booking transaction"
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["deltager1@example.dk"]
    assert message.subject == "You are registered: Co-creation workshop"
    assert "/en/my-registration/" in message.body
    html = message.alternatives[0][0]
    assert "Co-creation workshop" in html and '<html lang="en">' in html
    filename, content, mimetype = message.attachments[0]
    assert filename == "event.ics" and mimetype.startswith("text/calendar")
    vevent = next(component for component in Calendar.from_ical(content).walk("VEVENT"))
    assert str(vevent["UID"]) == event.ics_uid
    # As mail programs read it: one charset parameter on the calendar part, not two.
    (part,) = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    assert part["Content-Type"].count("charset") == 1 and part.get_content_charset() == "utf-8"


@time_machine.travel(NOW, tick=False)
def test_danish_registrant_gets_danish_e_mail(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(event, 1)
    assert mail.outbox[0].subject == f"Du er tilmeldt: {event.title}"
    assert "/min-tilmelding/" in mail.outbox[0].body


@time_machine.travel(NOW, tick=False)
def test_a_freed_seat_is_offered_to_the_first_on_the_waiting_list(event, django_capture_on_commit_callbacks):
    confirmed = [book(event, number) for number in (1, 2, 3)]
    first_waiting, second_waiting = book(event, 4), book(event, 5)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(confirmed[0], by=PARTICIPANT)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.OFFERED
    assert first_waiting.offer_expires_at == NOW + dt.timedelta(hours=48)
    assert second_waiting.status == RegistrationStatus.WAITING
    assert [message.to for message in mail.outbox] == [["deltager1@example.dk"], ["deltager4@example.dk"]]
    assert accept_offer(first_waiting).status == RegistrationStatus.CONFIRMED


def test_an_expired_offer_passes_to_the_next_person(event):
    with time_machine.travel(NOW, tick=False):
        confirmed = book(event, 1)
        book(event, 2), book(event, 3)
        first_waiting, second_waiting = book(event, 4), book(event, 5)
        cancel_registration(confirmed, by=PARTICIPANT)
    with time_machine.travel(NOW + dt.timedelta(hours=49), tick=False):
        assert expire_offers() == 1
        with pytest.raises(BookingError):
            accept_offer(first_waiting)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.EXPIRED
    assert second_waiting.status == RegistrationStatus.OFFERED


@time_machine.travel(NOW, tick=False)
def test_an_offer_cannot_be_accepted_after_it_expires(event):
    confirmed = book(event, 1)
    book(event, 2), book(event, 3)
    waiting = book(event, 4)
    cancel_registration(confirmed, by=PARTICIPANT)
    with (
        time_machine.travel(NOW + dt.timedelta(hours=48, seconds=1), tick=False),
        pytest.raises(BookingError),
    ):
        accept_offer(waiting)


def test_total_price_adds_the_nights(event):
    with time_machine.travel(NOW, tick=False):
        event.accommodation_price_per_night, event.rooms_per_night = "695.00", 5
        event.save()
        registration = book(event, 1, nights=[dt.date(2027, 1, 13), dt.date(2027, 1, 14)])
    assert str(registration.total_price()) == "2890.00"


@time_machine.travel(NOW, tick=False)
def test_price_name_is_stored_in_the_registrants_language_and_the_amount_from_the_source(event):
    english = translate_event(event, title="Co-creation workshop", slug="co-creation-workshop")
    english.price_options[0].value["label"] = "Standard price"
    english.save_revision().publish()
    english = type(english).objects.get(pk=english.pk)
    registration = book(english, 1, language="en")
    assert registration.price_label == "Standard price"
    assert str(registration.price_amount) == "1500.00"


@time_machine.travel(NOW, tick=False)
def test_e_mailed_calendar_file_is_right_across_the_daylight_saving_change(
    django_capture_on_commit_callbacks,
):
    # Summer time starts at 02:00 on 28 March 2027: the event starts in winter time and ends in summer time.
    event = make_event(start=local(2027, 3, 27, 10), end=local(2027, 3, 28, 15), capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        book(event, 1)
    (vevent,) = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
    assert (start.hour, end.hour) == (10, 15)
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Copenhagen"
    assert start.utcoffset() == dt.timedelta(hours=1) and end.utcoffset() == dt.timedelta(hours=2)
    assert (start.astimezone(dt.UTC).hour, end.astimezone(dt.UTC).hour) == (9, 13)
