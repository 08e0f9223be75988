"""iCalendar (RFC 5545) files for events: the calendar feed and the attachment sent with a registration."""

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event, Timezone

from django.conf import settings
from django.utils import timezone, translation

from wagtail.models import Locale

from events.models import EventPage, Registration
from events.vocabulary import EventFormat, EventStatus

PRODID = "-//Innovatarium//Portal//DA"

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    # A postponed event keeps its old date until the editors set a new one: not to be relied on.
    EventStatus.POSTPONED: "TENTATIVE",
}


def event_to_vevent(event: EventPage, request=None) -> Event:
    tz = timezone.get_default_timezone()
    url = event.get_full_url(request)
    vevent = Event()
    # The same UID in both languages: a file from either language updates the same calendar entry.
    vevent.add("uid", event.ics_uid)
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC))
    # Local wall-clock times with a TZID, so clients keep 9:30 at 9:30 across daylight saving.
    vevent.add("dtstart", event.start.astimezone(tz))
    vevent.add("dtend", event.end.astimezone(tz))
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.summary}\n\n{url}" if event.summary else url)
    vevent.add("url", url)
    if event.venue:
        vevent.add("location", f"{event.venue.name}, {event.venue.address}")
    # Counted on the default-language page, so both languages announce the same revision.
    vevent.add("sequence", calendar_sequence(event))
    vevent.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(dt.UTC))
    # The category is read in the page's own language, whatever language the request is in.
    with translation.override(event.locale.language_code):
        vevent.add("categories", [str(EventFormat(event.format).label)])
    return vevent


def _timezone_for(events: list[EventPage]) -> Timezone:
    """A VTIMEZONE whole years wide around the events, so it holds both a STANDARD and a DAYLIGHT part."""
    years = [moment.year for event in events for moment in (event.start, event.end)] or [timezone.now().year]
    return Timezone.from_tzid(
        settings.TIME_ZONE, first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 1, 1)
    )


def _calendar(events: list[EventPage], name: str, request=None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(_timezone_for(events))
    for event in events:
        calendar.add_component(event_to_vevent(event, request))
    return calendar.to_ical()


def calendar_for(events: Iterable[EventPage], name: str, request=None) -> bytes:
    return _calendar(list(events), name, request)


def registration_calendar(registration: Registration) -> bytes:
    """The event in the participant's language, to attach to the confirmation e-mail."""
    event = registration.event
    try:
        locale = Locale.objects.get(language_code=registration.language)
    except Locale.DoesNotExist:
        locale = None
    translated = event.get_translation_or_none(locale) if locale else None
    if translated is not None and translated.live:
        event = translated.specific
    return _calendar([event], event.title)


def calendar_sequence(event) -> int:
    """SEQUENCE is one number for the event in every language: the default-language page's."""
    annotated = getattr(event, "calendar_sequence", None)
    return annotated if annotated is not None else event.booking_page.sequence
