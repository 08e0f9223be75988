"""The iCalendar files: the feed of events and the attachment sent with a registration."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from django.utils import timezone

from events.calendar import calendar_for, event_to_vevent, registration_calendar
from events.models import Registration, RegistrationStatus
from events.vocabulary import EventStatus

from .factories import COPENHAGEN, local, make_event, make_venue, publish, translate_event

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def only_event(calendar: Calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


@time_machine.travel(NOW, tick=False)
def test_calendar_header_and_event_fields():
    venue = make_venue(
        name="Innovatarium", street_address="Idéstien 1", postal_code="5500", city="Middelfart"
    )
    event = make_event(title="Samskabelse i praksis", summary="En dag om samskabelse.", venue=venue)

    calendar = parse(calendar_for([event], "Innovatarium – arrangementer"))

    assert calendar["PRODID"] == "-//Innovatarium//Portal//DA"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Innovatarium – arrangementer"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Copenhagen"
    vevent = only_event(calendar)
    url = f"http://testserver/arrangementer/{event.slug}/"
    assert vevent["UID"] == event.ics_uid == f"event-{event.translation_key}@testserver"
    assert vevent.decoded("DTSTAMP") == NOW
    assert vevent["SUMMARY"] == "Samskabelse i praksis"
    assert vevent["DESCRIPTION"] == f"En dag om samskabelse.\n\n{url}"
    assert vevent["URL"] == url
    assert vevent["LOCATION"] == "Innovatarium, Idéstien 1, 5500 Middelfart"
    assert vevent.decoded("SEQUENCE") == 0
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("LAST-MODIFIED") == NOW
    assert vevent["CATEGORIES"].cats == ["Workshop"]


def test_start_and_end_are_danish_wall_clock_times():
    vevent = only_event(parse(calendar_for([make_event()], "Arrangementer")))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert vevent["DTEND"].params["TZID"] == "Europe/Copenhagen"
    assert vevent["DTSTART"].to_ical() == b"20260303T093000"
    assert vevent["DTEND"].to_ical() == b"20260303T150000"
    assert vevent.decoded("DTSTART") == dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)


def test_calendar_has_a_copenhagen_timezone_with_standard_and_daylight_time():
    calendar = parse(calendar_for([make_event()], "Arrangementer"))

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Copenhagen"
    assert {str(part["TZNAME"]) for part in vtimezone.walk("STANDARD")} == {"CET"}
    assert {str(part["TZNAME"]) for part in vtimezone.walk("DAYLIGHT")} == {"CEST"}
    assert calendar.get_missing_tzids() == set()
    # The timezone must be defined before the events that refer to it.
    assert [part.name for part in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]


def test_timezone_covers_every_year_of_the_events():
    events = [
        make_event(start=local(2026, 3, 3, 9, 30), end=local(2026, 3, 3, 15)),
        make_event(start=local(2027, 6, 1, 9, 30), end=local(2027, 6, 1, 15)),
    ]
    (vtimezone,) = parse(calendar_for(events, "Arrangementer")).walk("VTIMEZONE")

    # Read the offsets from the file's own rules, not from the system's zone database.
    rules = vtimezone.to_tz(lookup_tzid=False)
    offsets = {
        moment: dt.datetime(*moment, tzinfo=rules).utcoffset()
        for moment in [(2026, 3, 3, 9), (2026, 7, 1, 9), (2027, 6, 1, 9), (2027, 12, 1, 9)]
    }
    assert offsets == {
        (2026, 3, 3, 9): dt.timedelta(hours=1),
        (2026, 7, 1, 9): dt.timedelta(hours=2),
        (2027, 6, 1, 9): dt.timedelta(hours=2),
        (2027, 12, 1, 9): dt.timedelta(hours=1),
    }


def test_uid_is_the_same_in_danish_and_english():
    event = make_event(title="Samskabelse i praksis")
    english = translate_event(event, title="Co-creation in practice", slug=f"{event.slug}-en")

    danish_vevent = only_event(parse(calendar_for([event], "Arrangementer")))
    english_vevent = only_event(parse(calendar_for([english], "Events")))

    assert english_vevent["UID"] == danish_vevent["UID"] == event.ics_uid
    assert english_vevent["SUMMARY"] == "Co-creation in practice"
    assert english_vevent["URL"].startswith("http://testserver/en/")
    assert english_vevent["URL"].startswith("http://testserver/en/")
    assert english_vevent["URL"].endswith(f"/{event.slug}-en/")
    assert english_vevent["CATEGORIES"].cats == ["Workshop"]
    assert english_vevent.decoded("SEQUENCE") == danish_vevent.decoded("SEQUENCE")


def test_sequence_grows_when_the_start_changes_and_is_published():
    event = make_event()
    english = translate_event(event, title="Co-creation")
    before = event_to_vevent(event).decoded("SEQUENCE")

    event.start = local(2026, 3, 4, 9, 30)
    event.end = local(2026, 3, 4, 15)
    event = publish(event)

    vevent = only_event(parse(calendar_for([event], "Arrangementer")))
    assert vevent.decoded("SEQUENCE") > before
    assert vevent["DTSTART"].to_ical() == b"20260304T093000"
    # The English page announces the same revision: it reads the Danish page's sequence.
    english.refresh_from_db()
    english_vevent = only_event(parse(calendar_for([english], "Events")))
    assert english_vevent.decoded("SEQUENCE") == vevent.decoded("SEQUENCE")


def test_sequence_does_not_grow_when_only_text_changes():
    event = make_event()
    event.summary = "Ny tekst."
    event = publish(event)

    assert event_to_vevent(event).decoded("SEQUENCE") == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EventStatus.SCHEDULED, "CONFIRMED"),
        (EventStatus.CANCELLED, "CANCELLED"),
        (EventStatus.POSTPONED, "TENTATIVE"),
    ],
)
def test_status(status, expected):
    vevent = only_event(parse(calendar_for([make_event(status=status)], "Arrangementer")))

    assert vevent["STATUS"] == expected


def test_event_across_the_change_from_summer_time_keeps_its_local_times():
    event = make_event(start=local(2026, 10, 24, 10), end=local(2026, 10, 25, 15))
    assert event.end - event.start == dt.timedelta(hours=30)  # one hour more than the wall clock says

    vevent = only_event(parse(calendar_for([event], "Arrangementer")))

    assert vevent["DTSTART"].to_ical() == b"20261024T100000"
    assert vevent["DTEND"].to_ical() == b"20261025T150000"
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert end.utcoffset() == dt.timedelta(hours=1)
    assert start == dt.datetime(2026, 10, 24, 8, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 10, 25, 14, tzinfo=dt.UTC)


def test_event_without_venue_has_no_location():
    vevent = only_event(parse(calendar_for([make_event(venue=None)], "Arrangementer")))

    assert "LOCATION" not in vevent


def test_feed_of_several_events():
    events = [make_event(), make_event(start=local(2026, 5, 1, 9), end=local(2026, 5, 1, 12))]

    calendar = parse(calendar_for(events, "Arrangementer"))

    assert [vevent["UID"] for vevent in calendar.walk("VEVENT")] == [event.ics_uid for event in events]
    assert len(calendar.walk("VTIMEZONE")) == 1


def make_registration(event, language="da", email="mette@example.dk"):
    return Registration.objects.create(
        event=event,
        language=language,
        status=RegistrationStatus.CONFIRMED,
        name="Mette Hansen",
        email=email,
        price_option_id=event.price_options[0].id,
        price_label="Standard",
        price_amount="1500.00",
        vat_rate="exempt",
        payer_type="private",
        accepted_terms_at=timezone.now(),
    )


def test_registration_calendar_in_the_participants_language():
    event = make_event(title="Samskabelse i praksis")
    translate_event(event, title="Co-creation in practice")

    danish = parse(registration_calendar(make_registration(event, "da")))
    english = parse(registration_calendar(make_registration(event, "en", email="jane@example.org")))

    assert danish["METHOD"] == english["METHOD"] == "PUBLISH"
    assert danish["X-WR-CALNAME"] == "Samskabelse i praksis"
    assert only_event(danish)["SUMMARY"] == "Samskabelse i praksis"
    assert only_event(english)["SUMMARY"] == "Co-creation in practice"
    assert only_event(danish)["UID"] == only_event(english)["UID"] == event.ics_uid
    assert only_event(english)["DTSTART"].dt == dt.datetime(2026, 3, 3, 9, 30, tzinfo=COPENHAGEN)
    assert danish.walk("VTIMEZONE")


def test_registration_calendar_falls_back_to_danish_without_a_translation():
    event = make_event(title="Samskabelse i praksis")

    calendar = parse(registration_calendar(make_registration(event, "en")))

    assert only_event(calendar)["SUMMARY"] == "Samskabelse i praksis"
