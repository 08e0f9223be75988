"""The event list: filters, archive, labels, the iCalendar feed and a query count that does not grow."""

import pytest
import time_machine
from bs4 import BeautifulSoup
from icalendar import Calendar

from events import listing
from events.models import EventPage, Registration
from taxonomy.models import Theme
from tests.clearing import delete_demo_rows
from tests.events.factories import event_index, local, make_event, price_options
from tests.library.factories import vocabulary

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def index():
    index = event_index()
    delete_demo_rows(
        EventPage.objects.all()
    )  # the demo's events, in both languages; these tests make their own
    return index


def titles(client, url) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "lxml")
    return [link.get_text(strip=True) for link in soup.select(".event-card .card__title a")]


def quick_event(index, number, **fields):
    """An event without revisions, for volume: the list reads live pages only."""
    event = EventPage(
        title=f"Arrangement {number:03d}",
        slug=f"arrangement-{number:03d}",
        format=fields.pop("format", "workshop"),
        summary="Kort om arrangementet.",
        start=fields.pop("start", local(2027, 1, 1, 9) + (local(2027, 1, 2) - local(2027, 1, 1)) * number),
        end=fields.pop("end", local(2027, 1, 1, 15) + (local(2027, 1, 2) - local(2027, 1, 1)) * number),
        capacity=10,
        price_options=price_options(("Standard", "100.00")),
        locale=index.locale,
        **fields,
    )
    index.add_child(instance=event)
    return event


def test_upcoming_events_come_first_in_date_order_and_the_past_in_the_archive(client, index):
    later = make_event(title="Senere", start=local(2027, 3, 1, 9), end=local(2027, 3, 1, 12))
    sooner = make_event(title="Snart", start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12))
    past = make_event(title="Forbi", start=local(2026, 10, 1, 9), end=local(2026, 10, 1, 12))
    assert titles(client, index.url) == [sooner.title, later.title]
    assert titles(client, index.url + "?when=past") == [past.title]


def test_filters_combine_and_live_in_the_url(client, index):
    theme = vocabulary(Theme, "inklusion", "Inklusion")
    make_event(
        title="Workshop om inklusion",
        format="workshop",
        themes=[theme],
        start=local(2027, 1, 5, 9),
        end=local(2027, 1, 5, 12),
    )
    make_event(
        title="Thinkshop om inklusion",
        format="thinkshop",
        themes=[theme],
        start=local(2027, 2, 5, 9),
        end=local(2027, 2, 5, 12),
    )
    make_event(
        title="Workshop om teknologi",
        format="workshop",
        start=local(2027, 1, 7, 9),
        end=local(2027, 1, 7, 12),
    )
    assert titles(client, index.url + "?format=workshop&theme=inklusion") == ["Workshop om inklusion"]
    assert titles(client, index.url + "?theme=inklusion&month=2027-02") == ["Thinkshop om inklusion"]
    soup = BeautifulSoup(client.get(index.url + "?format=workshop&theme=inklusion").content, "lxml")
    assert soup.select_one("#filter-format option[selected]")["value"] == "workshop"
    assert soup.select_one("#filter-theme option[selected]")["value"] == "inklusion"


def test_unknown_filter_values_are_ignored_not_an_error(client, index):
    make_event(title="Et arrangement", start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12))
    for query in ("?format=x';--", "?month=2027-13", "?page=999", "?theme=%00", "?month=abc&page=-1"):
        response = client.get(index.url + query)
        assert response.status_code == 200, query


def test_only_events_with_free_seats(client, index):
    full = make_event(title="Fuldt", capacity=1, start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12))
    open_event = make_event(title="Ledigt", capacity=5, start=local(2027, 1, 6, 9), end=local(2027, 1, 6, 12))
    Registration.objects.create(
        event=full,
        status="confirmed",
        name="A",
        email="a@example.dk",
        price_option_id="x",
        price_label="S",
        price_amount="0",
        vat_rate="exempt",
        payer_type="private",
        accepted_terms_at=NOW,
    )
    assert titles(client, index.url + "?free_seats=1") == [open_event.title]
    soup = BeautifulSoup(client.get(index.url).content, "lxml")
    labels = [label.get_text(strip=True) for label in soup.select(".event-card .availability")]
    assert labels == ["Fuldt – venteliste", "Åben for tilmelding"]


def test_status_labels(client, index):
    make_event(title="Aflyst", status="cancelled", start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12))
    make_event(
        title="Lukket",
        registration_closes=local(2026, 11, 1),
        start=local(2027, 1, 6, 9),
        end=local(2027, 1, 6, 12),
    )
    soup = BeautifulSoup(client.get(index.url).content, "lxml")
    labels = [label.get_text(strip=True) for label in soup.select(".event-card .availability")]
    assert labels == ["Aflyst", "Tilmelding lukket"]


def test_calendar_feed_takes_the_same_filters(client, index):
    make_event(title="Workshop", format="workshop", start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12))
    make_event(title="Thinkshop", format="thinkshop", start=local(2027, 1, 6, 9), end=local(2027, 1, 6, 12))
    response = client.get(index.url + "calendar/?format=thinkshop")
    assert response["Content-Type"].startswith("text/calendar")
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Thinkshop"]


@pytest.mark.parametrize("count", [5, 200])
def test_list_query_count_does_not_grow_with_the_events_shown(client, index, monkeypatch, count):
    monkeypatch.setattr(listing, "PAGE_SIZE", 200)
    for number in range(count):
        quick_event(index, number)
    client.get(index.url)  # warm per-process caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url)
    assert len(BeautifulSoup(response.content, "lxml").select(".event-card")) == count
    assert len(queries.captured_queries) == EVENT_LIST_QUERIES


# Measured with 5 and with 200 events on the page; both must be exactly this (docs/performance.md).
EVENT_LIST_QUERIES = 22


def test_english_calendar_feed_query_count_does_not_grow_with_events(client, index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.events.factories import translate_event

    english_url = None
    counts = []
    for batch in (2, 6):
        while EventPage.objects.filter(locale__language_code="en").count() < batch:
            number = EventPage.objects.count()
            english = translate_event(
                make_event(start=local(2027, 1, 5 + number, 9), end=local(2027, 1, 5 + number, 12))
            )
            english_url = english.get_parent().url + "calendar/"
        client.get(english_url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(english_url)
        counts.append(len(queries.captured_queries))
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == batch and {int(event["SEQUENCE"]) for event in events} == {0}
    assert counts[0] == counts[1], counts


def test_an_english_event_whose_danish_page_was_deleted_still_works(client, index):
    from tests.events.factories import translate_event

    english = translate_event(make_event(start=local(2027, 1, 5, 9), end=local(2027, 1, 5, 12)))
    EventPage.objects.filter(locale__language_code="da").delete()
    assert client.get(english.url).status_code == 200
    assert client.get(english.get_parent().url + "calendar/").status_code == 200
