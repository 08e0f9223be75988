"""schema.org Event data as JSON-LD, so search engines can show dates, place and prices of an event."""

from django.utils import timezone

from events.availability import availability, seats_left
from events.models import EventPage
from events.vocabulary import AttendanceMode, EventFormat, EventStatus
from home.models import SiteIdentity

SCHEMA = "https://schema.org/"

EDUCATION_FORMATS = {EventFormat.WORKSHOP, EventFormat.THINKSHOP, EventFormat.COURSE_DAY, EventFormat.LECTURE}
EVENT_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "MixedEventAttendanceMode",
}


def local_iso(moment) -> str:
    """ISO 8601 with the Danish offset of that day, e.g. 2026-03-03T09:30:00+01:00."""
    return timezone.localtime(moment, timezone.get_default_timezone()).isoformat(timespec="seconds")


def offer_availability(event: EventPage) -> str | None:
    # Full is full, whether or not registration is still open for the waiting list.
    if seats_left(event) == 0:
        return SCHEMA + "SoldOut"
    if availability(event).can_register:
        return SCHEMA + "InStock"
    return None  # not open yet, closed, cancelled: no honest schema.org value


def event_jsonld(event: EventPage, request) -> dict:
    url = event.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "EducationEvent" if event.format in EDUCATION_FORMATS else "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": local_iso(event.start),
        "endDate": local_iso(event.end),
        "eventStatus": SCHEMA + EVENT_STATUS.get(event.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA
        + ATTENDANCE_MODE.get(event.attendance_mode, "OfflineEventAttendanceMode"),
        "inLanguage": event.locale.language_code,
    }
    if event.venue:
        data["location"] = {
            "@type": "Place",
            "name": event.venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.venue.street_address,
                "postalCode": event.venue.postal_code,
                "addressLocality": event.venue.city,
                "addressCountry": "DK",
            },
        }
    if event.image:
        data["image"] = request.build_absolute_uri(event.image.get_rendition("fill-1200x630").url)

    stock = offer_availability(event)
    offers = []
    for option in event.price_options:
        offer = {
            "@type": "Offer",
            "name": option.value["label"],
            "price": f"{option.value['amount']:.2f}",
            "priceCurrency": "DKK",
            "url": url,
        }
        if stock:
            offer["availability"] = stock
        if event.registration_opens:
            offer["validFrom"] = local_iso(event.registration_opens)
        offers.append(offer)
    data["offers"] = offers

    site = event.get_site()
    home = site.root_page.get_translation_or_none(event.locale) or site.root_page
    data["organizer"] = {
        "@type": "Organization",
        "name": SiteIdentity.for_request(request).organisation_name,
        "url": home.get_full_url(request),
    }
    performers = [{"@type": "Person", "name": person.name} for person in event.speakers.all()]
    if performers:
        data["performer"] = performers
    return data
