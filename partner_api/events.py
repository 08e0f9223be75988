"""Events in the listings API: one record per event across languages, filters, sync with tombstones."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router
from ninja import Schema as QuerySchema

from django.db.models import Case, DateTimeField, F, Max, Q, QuerySet, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.query_params import MAX_TEXT_LENGTH, InvalidFilter
from events.availability import availability, seats_left, with_seats_taken
from events.models import EventPage
from events.query import REGISTRATION_STATES, EventQuery
from events.vocabulary import EventFormat
from partner_api import records
from partner_api.changes import SyncMark, continuing_from
from partner_api.http import PAGING_PARAMETERS, error_response, listing_endpoint, query_parameters
from partner_api.models import ListingKind
from partner_api.schemas import CURSOR, MONTH, SLUG_LIST, SYNC_TOKEN, Error, Event, EventList, choice_list
from people.models import Organisation
from taxonomy.models import Profession, Theme

router = Router(tags=["events"])

IMAGE_SPEC = "fill-1200x630"
FILTER_HELP = {
    "when": "upcoming (default: not yet ended), past or all.",
    "from": "Events still running at or after this date (YYYY-MM-DD) or time (ISO 8601 with offset).",
    "to": "Events that start before the end of this date, or before this time.",
    "month": "Events in this month, YYYY-MM.",
    "format": "Comma-separated format slugs (see /vocabularies/formats).",
    "theme": "Comma-separated theme slugs; an event matches if it has any of them.",
    "profession": "Comma-separated profession slugs.",
    "partner": "Comma-separated partner slugs.",
    "registration": "Comma-separated registration states: open, few-seats, waiting-list, not-open, "
    "closed, cancelled, postponed, past.",
    "free_seats": "true: only events with seats left; false: only full events.",
    "q": "Text in the title or summary, in any language (at most 100 characters).",
    "since": "Incremental sync: the sync_token of the previous run's first page. Gives the events "
    "changed since that run began, and tombstones for events unpublished, deleted or no longer "
    "matching the filters; exact even for changes that committed while that run was reading.",
    "modified_since": "Older incremental sync (kept for v1 clients; prefer since): events changed at "
    "or after this ISO 8601 time (with offset), with tombstones. Can miss a change that was being "
    "saved while the previous run read.",
}


class EventFilters(QuerySchema):
    """The filters' types, for the OpenAPI document and a first check; events.query.EventQuery then
    parses the values strictly (a slug that does not exist, a time without an offset)."""

    when: Literal["upcoming", "past", "all"] | None = Field(None, description=FILTER_HELP["when"])
    from_: dt.date | dt.datetime | None = Field(None, alias="from", description=FILTER_HELP["from"])
    to: dt.date | dt.datetime | None = Field(None, description=FILTER_HELP["to"])
    month: str | None = Field(None, description=FILTER_HELP["month"], pattern=MONTH)
    format: str | None = Field(
        None, description=FILTER_HELP["format"], pattern=choice_list(EventFormat.values)
    )
    theme: str | None = Field(None, description=FILTER_HELP["theme"], pattern=SLUG_LIST)
    profession: str | None = Field(None, description=FILTER_HELP["profession"], pattern=SLUG_LIST)
    partner: str | None = Field(None, description=FILTER_HELP["partner"], pattern=SLUG_LIST)
    registration: str | None = Field(
        None, description=FILTER_HELP["registration"], pattern=choice_list(REGISTRATION_STATES)
    )
    free_seats: bool | None = Field(None, description=FILTER_HELP["free_seats"])
    q: str | None = Field(None, description=FILTER_HELP["q"], max_length=MAX_TEXT_LENGTH)
    since: str | None = Field(None, description=FILTER_HELP["since"], pattern=SYNC_TOKEN)
    modified_since: dt.datetime | None = Field(None, description=FILTER_HELP["modified_since"])


EVENT_ORDER = (("start", False), ("translation_key", False))


def base_events() -> QuerySet:
    """Every event any visitor can see: live, public, in any language."""
    return EventPage.objects.live().public()


def state_changes(now: dt.datetime) -> list:
    """The moments an event's registration state changes by itself (registration opens, closes,
    the event ends), each once it has passed and NULL before: a partner syncing with
    sync gets the event again when its state turns, though nobody edited it."""

    def passed(condition: Q, moment):
        return Case(When(condition, then=moment), default=None, output_field=DateTimeField())

    closing = Q(registration_closes__lte=now) | Q(registration_closes__isnull=True, start__lte=now)
    return [
        passed(Q(registration_opens__lte=now), F("registration_opens")),
        passed(closing, Coalesce("registration_closes", "start")),
        passed(Q(end__lte=now), F("end")),
    ]


@router.get(
    "/events",
    operation_id="listEvents",
    response={200: EventList, 304: None, 400: Error, 401: Error, 410: Error, 429: Error},
    summary="List events",
)
@listing_endpoint(parameters=query_parameters(EventFilters, *PAGING_PARAMETERS))
def list_events(
    request,
    filters: Query[EventFilters],
    limit: int = Query(records.DEFAULT_LIMIT, ge=1, le=records.MAX_LIMIT),
    offset: int = Query(0, ge=0, le=100_000, description=records.OFFSET_HELP),
    cursor: str | None = Query(None, description=records.CURSOR_HELP, pattern=CURSOR),
):
    """Events ordered by start time (then id), one record each with both languages.

    With `since` (or `modified_since`), the tombstones of events unpublished, deleted or no longer
    matching the filters since then come first.
    """
    try:
        query = EventQuery.parse(request.GET)
        since = continuing_from(request.GET)
        page = records.continuation_of(request.GET, offset, EventPage, EVENT_ORDER)
    except InvalidFilter as error:
        return error_response(error.status, error.message, parameter=error.parameter)
    # Before any read, so nothing this answer misses can commit below it; the later pages of a run
    # keep its first page's mark and clock, so that all of them show the list at one moment.
    mark = page.mark if page else SyncMark.now(timezone.now())
    now = mark.moment

    moments = state_changes(now)
    listed = base_events()
    events = records.with_last_modified(
        records.canonical(query.apply(listed, now)), ListingKind.EVENT, moments
    )
    events, gone = records.changed_since(events, base_events, ListingKind.EVENT, since, moments)
    events = records.in_order(events, EVENT_ORDER)
    return records.paginate(
        request,
        ListingKind.EVENT,
        events,
        gone=gone,
        mark=mark,
        ordering=EVENT_ORDER,
        page=page,
        offset=offset,
        limit=limit,
        build=event_records,
        now=now,
        passed=listed.aggregate(latest=Max(Greatest(*moments)))["latest"],
    )


@router.get(
    "/events/{event_id}",
    operation_id="getEvent",
    response={200: Event, 304: None, 400: Error, 401: Error, 404: Error, 429: Error},
    summary="One event",
)
@listing_endpoint
def event_detail(request, event_id: str):
    """One event by its id, in every language it is published in."""
    now = timezone.now()
    event = records.one_by_id(base_events(), ListingKind.EVENT, event_id, state_changes(now))
    if event is None:
        return error_response(404, "There is no published event with this id.")
    record = event_records(request, [event], now)[0]
    return record, event.last_modified


def event_records(request, events: list[EventPage], now: dt.datetime) -> list[dict]:
    """The records of the given canonical pages, in a fixed number of queries whatever their number."""
    if not events:
        return []
    keys = [event.translation_key for event in events]
    seats = {
        event.translation_key: event.seats_taken
        for event in with_seats_taken(EventPage.objects.filter(pk__in=[event.pk for event in events]))
    }
    pages = records.translations_by_key(EventPage, keys, related=("venue",))
    names = {
        "themes": records.vocabulary_names(Theme),
        "professions": records.vocabulary_names(Profession),
        "partners": records.vocabulary_names(Organisation),
    }
    links = {
        relation: records.linked_slugs(EventPage, events, relation)
        for relation in ("partners", "themes", "professions")
    }
    images = records.images(events, IMAGE_SPEC)
    results = []
    for event in events:
        event.seats_taken = seats.get(event.translation_key, 0)
        languages = pages.get(event.translation_key) or {event.locale.language_code: event}
        results.append(_record(request, event, languages, names, links, images, now))
    return results


def _record(request, event, languages: dict, names, links, images, now) -> dict:
    urls = {language: page.get_full_url(request) for language, page in languages.items()}
    state = availability(event, now)
    image = images.get(event.image_id)
    return {
        "id": str(event.translation_key),
        "deleted": False,
        "languages": sorted(languages),
        "title": records.localized({code: page.title for code, page in languages.items()}),
        "summary": records.localized({code: page.summary for code, page in languages.items()}),
        "url": records.localized(urls),
        "format": {"slug": event.format, "name": records.label_in_languages(EventFormat(event.format).label)},
        "status": event.status,
        "attendance_mode": event.attendance_mode,
        "start": records.iso(event.start),
        "end": records.iso(event.end),
        "venue": _venue(event, languages),
        "prices": _prices(event, languages),
        "accommodation": (
            {
                "price_per_night": records.money(event.accommodation_price_per_night),
                "currency": "DKK",
                "vat_rate": "25",
            }
            if event.offers_accommodation
            else None
        ),
        "capacity": event.capacity,
        "seats_left": seats_left(event),
        "registration": {
            "state": state.key,
            "label": records.label_in_languages(state.label),
            "can_register": state.can_register,
            "opens": records.iso(event.registration_opens),
            "closes": records.iso(event.closes_at),
            "url": records.localized({code: url + "#registration" for code, url in urls.items()}),
        },
        "partners": [records.term(slug, names["partners"]) for slug in links["partners"].get(event.pk, [])],
        "themes": [records.term(slug, names["themes"]) for slug in links["themes"].get(event.pk, [])],
        "professions": [
            records.term(slug, names["professions"]) for slug in links["professions"].get(event.pk, [])
        ],
        "image": (
            {
                "url": image.full_url,
                "width": image.width,
                "height": image.height,
                "alt": records.localized({code: page.image_alt for code, page in languages.items()}),
            }
            if image
            else None
        ),
        "last_modified": records.iso(event.last_modified or event.last_published_at),
    }


def _venue(event, languages: dict) -> dict | None:
    if event.venue_id is None:
        return None
    venues = {code: page.venue for code, page in languages.items() if page.venue_id}
    venue = venues.get(event.locale.language_code) or next(iter(venues.values()))
    return {
        "name": records.localized({code: place.name for code, place in venues.items()}),
        "street_address": venue.street_address,
        "postal_code": venue.postal_code,
        "city": venue.city,
        "country": "DK",
    }


def _prices(event, languages: dict) -> list[dict]:
    # Price labels are translated; the block id ties a label to the same option in every language.
    labels: dict[str, dict[str, str]] = {}
    for code, page in languages.items():
        for block in page.price_options:
            labels.setdefault(block.id, {})[code] = block.value["label"]
    prices = []
    for block in event.price_options:
        amount = block.value["amount"]
        rate = 25 if block.value["vat"] == "25" else 0
        prices.append(
            {
                "id": block.id,
                "label": records.localized(labels.get(block.id, {})),
                "amount": records.money(amount),
                "currency": "DKK",
                "vat_rate": str(rate),
                "vat_amount": records.money(amount * rate / (100 + rate)),
                "vat_exempt_reason": block.value.get("vat_exempt_reason", "") if rate == 0 else "",
            }
        )
    return prices
