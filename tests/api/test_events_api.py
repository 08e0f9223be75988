"""The listings API's events: records in both languages, filters, errors, caching headers, query counts."""

import datetime as dt
import uuid

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.availability import availability
from events.models import EventPage, Registration
from events.query import EventQuery, with_registration_state
from taxonomy.models import Theme
from tests.api.conftest import LISTINGS, NOW, assert_expected, course_day, prices
from tests.events.factories import local, publish

pytestmark = pytest.mark.django_db


def register(event, status="confirmed", number=1):
    return Registration.objects.create(
        event=event,
        status=status,
        name=f"Deltager Nummer{number}",
        email=f"deltager{number}@example.dk",
        price_option_id="x",
        price_label="Standard",
        price_amount="0",
        vat_rate="exempt",
        payer_type="private",
        accepted_terms_at=NOW,
    )


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_event_list_and_detail_match_the_expected_json_in_both_languages(client, index):
    event = course_day(1)
    register(event)
    course_day(2, english=False, format="workshop", partners=[], capacity=5)
    listing = client.get(f"{LISTINGS}/events")
    assert listing.status_code == 200
    assert listing["Content-Type"] == "application/json"
    assert_expected("events_list", listing.json())
    detail = client.get(f"{LISTINGS}/events/{event.translation_key}")
    assert_expected("event_detail", detail.json())
    record = detail.json()
    assert record["title"] == {"da": "Kursusdag om samskabelse 1", "en": "Course day on co-creation 1"}
    assert record["url"]["en"] == "http://testserver/en/events/course-day-on-co-creation-1/"
    assert record["start"] == "2027-03-01T09:30:00+01:00"
    assert record["seats_left"] == 19
    assert record["prices"][1] == {
        "id": "00000000-0000-0000-0000-00000000000b",
        "label": {"da": "Ikke-medlem", "en": "Ikke-medlem"},
        "amount": "1250.00",
        "currency": "DKK",
        "vat_rate": "25",
        "vat_amount": "250.00",
        "vat_exempt_reason": "",
    }
    # The Danish-only event says so: no English text, no English address.
    danish_only = listing.json()["results"][1]
    assert danish_only["languages"] == ["da"] and danish_only["title"]["en"] is None


def test_an_english_only_event_is_listed_once_with_its_english_texts(client, index):
    event = course_day(1)
    EventPage.objects.get(pk=event.pk).unpublish()
    results = client.get(f"{LISTINGS}/events").json()["results"]
    assert [(item["languages"], item["title"]["en"]) for item in results] == [
        (["en"], "Course day on co-creation 1")
    ]


def test_filters_combine(client, index):
    inclusion = Theme.objects.get(slug="rummelighed", locale__language_code="da")
    match = course_day(1, themes=[inclusion])
    course_day(2, themes=[inclusion], format="workshop")  # wrong format
    course_day(3, partners=[])  # no partner
    course_day(20, themes=[inclusion], start=local(2027, 4, 1, 9), end=local(2027, 4, 1, 12))  # too late
    full = course_day(4, themes=[inclusion], capacity=1)
    register(full)
    query = (
        "format=course-day&partner=kursusforbundet&theme=rummelighed,teknologi-i-velfaerd"
        "&from=2027-03-01&to=2027-03-31"
    )
    assert ids(client.get(f"{LISTINGS}/events?{query}")) == [
        str(match.translation_key),
        str(full.translation_key),
    ]
    assert ids(client.get(f"{LISTINGS}/events?{query}&free_seats=true")) == [str(match.translation_key)]
    assert ids(client.get(f"{LISTINGS}/events?{query}&registration=waiting-list")) == [
        str(full.translation_key)
    ]
    assert ids(client.get(f"{LISTINGS}/events?q=CO-CREATION 3")) == [str(uuid.UUID(int=3))]
    assert ids(client.get(f"{LISTINGS}/events?profession=omsorgsmedhjaelper&format=workshop")) == [
        str(uuid.UUID(int=2))
    ]


def test_upcoming_past_and_all(client, index):
    past = course_day(1, start=local(2026, 10, 1, 9), end=local(2026, 10, 1, 12))
    coming = course_day(2)
    assert ids(client.get(f"{LISTINGS}/events")) == [str(coming.translation_key)]
    assert ids(client.get(f"{LISTINGS}/events?when=past")) == [str(past.translation_key)]
    assert ids(client.get(f"{LISTINGS}/events?when=all")) == [
        str(past.translation_key),
        str(coming.translation_key),
    ]


def test_the_sql_registration_state_agrees_with_the_one_visitors_see(index):
    """Filtering uses SQL, records use events.availability: every state must come out the same."""
    course_day(1)  # open
    register(course_day(2, capacity=5))  # 4 of 5 left: open (few means at most 20 %, at least 1)
    few = course_day(3, capacity=5)
    for number in range(4):
        register(few, number=number)  # 1 left of 5: few seats
    full = course_day(4, capacity=1)
    register(full)  # waiting list
    course_day(5, status="cancelled")
    course_day(6, status="postponed")
    course_day(7, registration_opens=local(2027, 1, 1))  # not open yet
    course_day(8, registration_closes=local(2026, 11, 1))  # closed
    course_day(9, start=local(2026, 10, 1, 9), end=local(2026, 10, 1, 12))  # past
    events = with_registration_state(EventPage.objects.filter(locale__language_code="da"), NOW)
    states = {event.pk: event.registration_state for event in events}
    python = {event.pk: availability(event, NOW).key for event in EventPage.objects.filter(pk__in=states)}
    assert states == python
    assert set(states.values()) == {
        "open",
        "few-seats",
        "waiting-list",
        "cancelled",
        "postponed",
        "not-open",
        "closed",
        "past",
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("format=party", "format"),
        ("theme=no-such-theme", "theme"),
        ("theme=%00", "theme"),
        ("partner=DROP TABLE", "partner"),
        ("profession=x,,y", "profession"),
        ("registration=maybe", "registration"),
        ("from=2027-02-30", "from"),
        ("to=tomorrow", "to"),
        ("from=2027-03-01T09:00", "from"),  # no offset: ambiguous
        ("month=2027-13", "month"),
        ("modified_since=yesterday", "modified_since"),
        ("free_seats=perhaps", "free_seats"),
        ("when=soon", "when"),
        ("q=" + "x" * 101, "q"),
        ("q=a%00b", "q"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_json_message(client, index, query, parameter):
    response = client.get(f"{LISTINGS}/events?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message"] and body["parameter"] == parameter
    assert response["Cache-Control"] == "no-store"


def test_unknown_ids_and_paths_are_a_404_with_a_json_message(client, index):
    for path in ("/events/" + str(uuid.uuid4()), "/events/not-an-id", "/events/%00", "/no-such-thing"):
        response = client.get(LISTINGS + path)
        assert response.status_code == 404, path
        assert response.json()["message"]


def test_drafts_and_private_events_are_not_listed(client, index):
    from wagtail.models import PageViewRestriction

    draft = course_day(1, english=False)
    draft.unpublish()
    private = course_day(2, english=False)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="hemmeligt")
    visible = course_day(3, english=False)
    draft_with_changes = course_day(4, english=False)
    draft_with_changes.title = "Ikke udgivet titel"
    draft_with_changes.save_revision()
    response = client.get(f"{LISTINGS}/events?when=all")
    assert ids(response) == [str(visible.translation_key), str(draft_with_changes.translation_key)]
    assert "Ikke udgivet titel" not in response.content.decode()
    for hidden in (draft, private):
        assert client.get(f"{LISTINGS}/events/{hidden.translation_key}").status_code == 404


def test_pages_follow_with_next_links_in_a_stable_order(client, index):
    same_start = {"start": local(2027, 3, 1, 9), "end": local(2027, 3, 1, 12)}
    created = [course_day(number, english=False, **same_start) for number in (5, 3, 4, 1, 2)]
    expected = sorted(str(event.translation_key) for event in created)
    seen, url = [], f"{LISTINGS}/events?format=course-day&limit=2"
    for _page in range(5):
        body = client.get(url).json()
        assert body["count"] == 5
        seen += [item["id"] for item in body["results"]]
        if body["next"] is None:
            break
        assert "format=course-day" in body["next"]
        url = body["next"].removeprefix("http://testserver")
    assert seen == expected


def test_an_unchanged_list_answers_304_to_its_etag_and_to_its_date(client, index):
    course_day(1)
    first = client.get(f"{LISTINGS}/events")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get(f"{LISTINGS}/events", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"{LISTINGS}/events", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    course_day(2)  # a change: the old ETag no longer matches
    changed = client.get(f"{LISTINGS}/events", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert len(changed.json()["results"]) == 2


def test_a_registration_changes_seats_left_at_once_despite_the_cache(client, index):
    event = course_day(1)
    assert client.get(f"{LISTINGS}/events").json()["results"][0]["seats_left"] == 20
    register(event)
    assert client.get(f"{LISTINGS}/events").json()["results"][0]["seats_left"] == 19


def test_cors_allows_get_from_any_origin(client, index):
    response = client.get(f"{LISTINGS}/events", HTTP_ORIGIN="https://union.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        f"{LISTINGS}/events", HTTP_ORIGIN="https://union.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert "X-API-Key" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("count", [5, 100])
def test_query_count_of_a_page_does_not_grow_with_its_events(client, index, settings, count):
    settings.LISTINGS_API_CACHE_SECONDS = 0  # measure the database work, not the cache
    from wagtail.images.models import Image

    image = Image.objects.first()
    theme = Theme.objects.get(slug="rummelighed", locale__language_code="da")
    for number in range(count):
        event = EventPage(
            title=f"Arrangement {number:03d}",
            slug=f"arrangement-{number:03d}",
            format="workshop",
            summary="Kort om arrangementet.",
            start=local(2027, 1, 1, 9) + dt.timedelta(days=number),
            end=local(2027, 1, 1, 15) + dt.timedelta(days=number),
            capacity=10,
            price_options=prices(("p", "Standard", "100.00", "exempt")),
            image=image,
            locale=index.locale,
        )
        index.add_child(instance=event)
        event.themes.set([theme])
        publish(event)
    url = f"{LISTINGS}/events?limit=100&theme=rummelighed&registration=open"
    client.get(url)  # renditions are made once, on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.json()["results"]) == count
    assert len(queries.captured_queries) == EVENT_LIST_QUERIES, [
        q["sql"][:120] for q in queries.captured_queries
    ]


# Measured with 5 and with 100 events on the page; both must be exactly this (docs/performance.md).
EVENT_LIST_QUERIES = 19


def test_the_calendar_feed_takes_the_api_filters(client, index):
    from icalendar import Calendar

    course_day(1)
    course_day(2, format="workshop")
    feed = index.url + "calendar/"
    response = client.get(feed + "?format=workshop&partner=kursusforbundet")
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Kursusdag om samskabelse 2"]
    bad = client.get(feed + "?partner=nobody")
    assert bad.status_code == 400 and b"Unknown partner: nobody." in bad.content


def test_filters_parse_like_the_documentation_says():
    from django.http import QueryDict

    query = EventQuery.parse(
        QueryDict("format=workshop,course-day&format=lecture&from=2027-03-01&to=2027-03-31")
    )
    assert query.formats == ("workshop", "course-day", "lecture")
    assert query.starts_from.isoformat() == "2027-03-01T00:00:00+01:00"
    assert query.starts_before.isoformat() == "2027-04-01T00:00:00+02:00"
