"""schema.org JSON-LD for events: every field, and a script element that text cannot break out of."""

import datetime as dt
import json

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.test import RequestFactory
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Locale

from core.jsonld import jsonld_script
from events.jsonld import event_jsonld
from events.models import Registration, RegistrationStatus
from events.vocabulary import AttendanceMode, EventFormat, EventStatus
from people.models import Person

from .factories import local, make_event, make_venue, price_options, translate_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def before_the_events():
    """A month before the default event, so registration is open."""
    with time_machine.travel(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def register(event, count):
    for number in range(count):
        Registration.objects.create(
            event=event,
            status=RegistrationStatus.CONFIRMED,
            name=f"Deltager {number}",
            email=f"deltager{number}@example.dk",
            price_option_id=event.price_options[0].id,
            price_label="Standard",
            price_amount="1500.00",
            vat_rate="exempt",
            payer_type="private",
            accepted_terms_at=timezone.now(),
        )


def test_event_fields(request_):
    venue = make_venue(
        name="Innovatarium", street_address="Idéstien 1", postal_code="5500", city="Middelfart"
    )
    event = make_event(title="Samskabelse i praksis", summary="En dag om samskabelse.", venue=venue)
    url = f"http://testserver/arrangementer/{event.slug}/"

    data = event_jsonld(event, request_)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationEvent"
    assert data["name"] == "Samskabelse i praksis"
    assert data["description"] == "En dag om samskabelse."
    assert data["url"] == url
    assert data["startDate"] == "2026-03-03T09:30:00+01:00"
    assert data["endDate"] == "2026-03-03T15:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["inLanguage"] == "da"
    assert data["location"] == {
        "@type": "Place",
        "name": "Innovatarium",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Idéstien 1",
            "postalCode": "5500",
            "addressLocality": "Middelfart",
            "addressCountry": "DK",
        },
    }
    assert data["offers"] == [
        {
            "@type": "Offer",
            "name": "Standard",
            "price": "1500.00",
            "priceCurrency": "DKK",
            "url": url,
            "availability": "https://schema.org/InStock",
        }
    ]
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Innovatarium",
        "url": "http://testserver/",
    }
    assert "image" not in data
    assert "performer" not in data


def test_summer_dates_have_the_summer_offset(request_):
    event = make_event(start=local(2026, 6, 10, 9, 30), end=local(2026, 6, 11, 15))

    data = event_jsonld(event, request_)

    assert data["startDate"] == "2026-06-10T09:30:00+02:00"
    assert data["endDate"] == "2026-06-11T15:00:00+02:00"


def test_dates_across_the_change_to_winter_time(request_):
    event = make_event(start=local(2026, 10, 24, 10), end=local(2026, 10, 25, 15))

    data = event_jsonld(event, request_)

    assert data["startDate"] == "2026-10-24T10:00:00+02:00"
    assert data["endDate"] == "2026-10-25T15:00:00+01:00"


@pytest.mark.parametrize(
    ("event_format", "schema_type"),
    [
        (EventFormat.WORKSHOP, "EducationEvent"),
        (EventFormat.THINKSHOP, "EducationEvent"),
        (EventFormat.COURSE_DAY, "EducationEvent"),
        (EventFormat.LECTURE, "EducationEvent"),
        (EventFormat.OPEN_WORKSHOP, "Event"),
        (EventFormat.INNOVATION_FAIR, "Event"),
        (EventFormat.CROSS_PROFESSIONAL_MEETING, "Event"),
    ],
)
def test_type_follows_the_format(request_, event_format, schema_type):
    assert event_jsonld(make_event(format=event_format), request_)["@type"] == schema_type


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        (EventStatus.SCHEDULED, "https://schema.org/EventScheduled"),
        (EventStatus.CANCELLED, "https://schema.org/EventCancelled"),
        (EventStatus.POSTPONED, "https://schema.org/EventPostponed"),
    ],
)
def test_event_status(request_, status, schema_status):
    assert event_jsonld(make_event(status=status), request_)["eventStatus"] == schema_status


def test_cancelled_event_offers_no_seats(request_):
    data = event_jsonld(make_event(status=EventStatus.CANCELLED), request_)

    assert "availability" not in data["offers"][0]


@pytest.mark.parametrize(
    ("mode", "schema_mode"),
    [
        (AttendanceMode.IN_PERSON, "https://schema.org/OfflineEventAttendanceMode"),
        (AttendanceMode.ONLINE, "https://schema.org/OnlineEventAttendanceMode"),
        (AttendanceMode.MIXED, "https://schema.org/MixedEventAttendanceMode"),
    ],
)
def test_attendance_mode(request_, mode, schema_mode):
    assert event_jsonld(make_event(attendance_mode=mode), request_)["eventAttendanceMode"] == schema_mode


def test_no_location_without_a_venue(request_):
    assert "location" not in event_jsonld(make_event(venue=None), request_)


def test_one_offer_per_price_option(request_):
    event = make_event(price_options=price_options(("Standard", "1500.00"), ("Studerende", "450")))

    offers = event_jsonld(event, request_)["offers"]

    assert [(offer["name"], offer["price"], offer["priceCurrency"]) for offer in offers] == [
        ("Standard", "1500.00", "DKK"),
        ("Studerende", "450.00", "DKK"),
    ]


def test_full_event_is_sold_out(request_):
    event = make_event(capacity=3)
    register(event, 3)

    (offer,) = event_jsonld(event, request_)["offers"]

    assert offer["availability"] == "https://schema.org/SoldOut"


def test_registration_not_open_yet(request_):
    event = make_event(registration_opens=local(2026, 2, 15, 10))

    (offer,) = event_jsonld(event, request_)["offers"]

    assert offer["validFrom"] == "2026-02-15T10:00:00+01:00"
    assert "availability" not in offer


def test_registration_open_with_seats_left_is_in_stock(request_):
    event = make_event(capacity=3, registration_opens=local(2026, 1, 10, 9))
    register(event, 2)

    (offer,) = event_jsonld(event, request_)["offers"]

    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["validFrom"] == "2026-01-10T09:00:00+01:00"


def test_image_is_a_full_url_of_a_social_media_rendition(request_):
    image = Image.objects.first()
    event = make_event(image=image)

    data = event_jsonld(event, request_)

    rendition = image.get_rendition("fill-1200x630")
    assert (rendition.width, rendition.height) == (1200, 630)
    assert data["image"] == f"http://testserver{rendition.url}"


def test_speakers_are_performers(request_):
    danish = Locale.objects.get(language_code="da")
    speakers = [
        Person.objects.create(name="Anna Holm", locale=danish),
        Person.objects.create(name="Bo Lund", locale=danish),
    ]
    event = make_event(speakers=speakers)

    performers = event_jsonld(event, request_)["performer"]

    assert sorted(performers, key=lambda person: person["name"]) == [
        {"@type": "Person", "name": "Anna Holm"},
        {"@type": "Person", "name": "Bo Lund"},
    ]


def test_english_page(request_):
    event = make_event(title="Samskabelse i praksis")
    english = translate_event(event, title="Co-creation in practice", summary="A day on co-creation.")

    data = event_jsonld(english, request_)

    assert data["inLanguage"] == "en"
    assert data["name"] == "Co-creation in practice"
    assert data["description"] == "A day on co-creation."
    assert data["url"].startswith("http://testserver/en/")
    assert data["organizer"]["url"] == "http://testserver/en/"
    assert data["startDate"] == "2026-03-03T09:30:00+01:00"


def test_script_cannot_be_broken_out_of(request_):
    title = '</script><script>alert("x")</script><!-- & </SCRIPT>'
    data = event_jsonld(make_event(title=title), request_)

    html = str(jsonld_script(data))

    assert html.startswith('<script type="application/ld+json">')
    assert html.endswith("</script>")
    assert html.lower().count("</script") == 1
    assert "<!--" not in html
    assert "&" not in html
    soup = BeautifulSoup(html, "lxml")
    (script,) = soup.find_all("script")
    assert json.loads(script.string) == data
    assert json.loads(script.string)["name"] == title


def test_script_keeps_danish_letters_readable():
    html = str(jsonld_script({"name": "Velfærd på tværs"}))

    assert "Velfærd på tværs" in html
