"""Strict event filters from a query string, shared by the listings API and the iCalendar feed.

The visitor's event list (events/listing.py) forgives unknown values so that an old shared link still
works. A machine client is better served by an error: a partner whose `theme=` has a typo must hear
about it instead of silently receiving every event. Both the API and the calendar feed parse here.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from core.query_params import (
    MAX_TEXT_LENGTH,
    InvalidFilter,
    boolean_of,
    check_vocabulary,
    choices_of,
    parse_moment,
    slugs_of,
    text_of,
)
from events.availability import with_seats_taken
from events.models import EventPage
from events.models.pages import FEW_SEATS_SHARE
from events.vocabulary import EventFormat, EventStatus
from people.models import Organisation
from taxonomy.models import Profession, Theme

MONTH = re.compile(r"\d{4}-\d{2}")

WHEN_CHOICES = ("upcoming", "past", "all")
# The keys of events.availability.Availability, which the same rules compute for one event in Python.
REGISTRATION_STATES = (
    "open",
    "few-seats",
    "waiting-list",
    "not-open",
    "closed",
    "cancelled",
    "postponed",
    "past",
)


@dataclass(frozen=True)
class EventQuery:
    when: str = "upcoming"
    starts_from: dt.datetime | None = None  # events still running at or after this moment
    starts_before: dt.datetime | None = None  # events that start before this moment
    formats: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    registration: tuple[str, ...] = ()
    free_seats: bool | None = None
    text: str = ""

    @classmethod
    def parse(cls, query) -> "EventQuery":
        """Read the filters from a QueryDict; raises InvalidFilter for the first value that is wrong."""
        when = text_of(query, "when") or "upcoming"
        if when not in WHEN_CHOICES:
            raise InvalidFilter("when", f"when must be one of {', '.join(WHEN_CHOICES)}.")
        starts_from = parse_moment(query, "from", end_of_day=False)
        starts_before = parse_moment(query, "to", end_of_day=True)
        month = text_of(query, "month")
        if month:
            first = _month_start(month)
            next_month = (first + dt.timedelta(days=32)).replace(day=1)
            starts_from = max(filter(None, [starts_from, first]))
            starts_before = min(filter(None, [starts_before, next_month]))
        formats = choices_of(query, "format", EventFormat.values)
        registration = choices_of(query, "registration", REGISTRATION_STATES)
        free_seats = boolean_of(query, "free_seats")
        text = text_of(query, "q")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidFilter("q", f"q may be at most {MAX_TEXT_LENGTH} characters.")
        parsed = cls(
            when=when,
            starts_from=starts_from,
            starts_before=starts_before,
            formats=formats,
            themes=slugs_of(query, "theme"),
            professions=slugs_of(query, "profession"),
            partners=slugs_of(query, "partner"),
            registration=registration,
            free_seats=free_seats,
            text=text,
        )
        parsed.check_vocabulary()
        return parsed

    def check_vocabulary(self) -> None:
        check_vocabulary(
            [
                ("theme", Theme, self.themes),
                ("profession", Profession, self.professions),
                ("partner", Organisation, self.partners),
            ]
        )

    def matching(self, events: QuerySet, now: dt.datetime | None = None) -> QuerySet:
        """The given events that pass the filters, once each, keeping the queryset's order."""
        return events.filter(pk__in=self.apply(events, now).values("pk"))

    def apply(self, events: QuerySet, now: dt.datetime | None = None) -> QuerySet:
        """Filter event pages (any language); a theme or partner join may repeat a row (see matching)."""
        now = now or timezone.now()
        if self.when == "upcoming":
            events = events.filter(end__gte=now)
        elif self.when == "past":
            events = events.filter(end__lt=now)
        if self.starts_from:
            events = events.filter(end__gte=self.starts_from)
        if self.starts_before:
            events = events.filter(start__lt=self.starts_before)
        if self.formats:
            events = events.filter(format__in=self.formats)
        # Vocabularies share slugs across languages, so a slug finds the event whichever row it points at.
        if self.themes:
            events = events.filter(themes__slug__in=self.themes)
        if self.professions:
            events = events.filter(professions__slug__in=self.professions)
        if self.partners:
            events = events.filter(partners__slug__in=self.partners)
        if self.text:
            # An event matches when its text matches in any of its languages.
            matching = EventPage.objects.filter(
                Q(title__icontains=self.text) | Q(summary__icontains=self.text)
            ).values("translation_key")
            events = events.filter(translation_key__in=matching)
        if self.registration or self.free_seats is not None:
            events = with_registration_state(events, now)
            if self.registration:
                events = events.filter(registration_state__in=self.registration)
            if self.free_seats is True:
                # A cancelled or postponed event has no seat anyone can take, whatever is left.
                events = events.filter(capacity__gt=F("seats_taken")).exclude(
                    status__in=[EventStatus.CANCELLED, EventStatus.POSTPONED]
                )
            elif self.free_seats is False:
                events = events.filter(capacity__lte=F("seats_taken"))
        return events


def with_registration_state(events: QuerySet, now: dt.datetime) -> QuerySet:
    """Annotate `registration_state` in SQL with the rules of events.availability.availability().

    Filtering must happen in the database (pagination comes after it), so the rules are written a
    second time here; tests/api check that both give the same state for the same events.
    """
    if "seats_taken" not in events.query.annotations:
        events = with_seats_taken(events)
    # int(capacity * 0.2) in integer arithmetic: capacity * 2 / 10 rounds towards zero the same way.
    share_tenths = int(FEW_SEATS_SHARE * 10)
    events = events.annotate(
        seats_left_now=F("capacity") - F("seats_taken"),
        few_seats_threshold=Greatest(
            Value(1), F("capacity") * Value(share_tenths) / Value(10), output_field=IntegerField()
        ),
    )
    closed = Q(registration_closes__lte=now) | Q(registration_closes__isnull=True, start__lte=now)
    return events.annotate(
        registration_state=Case(
            When(status=EventStatus.CANCELLED, then=Value("cancelled")),
            When(status=EventStatus.POSTPONED, then=Value("postponed")),
            When(end__lt=now, then=Value("past")),
            When(registration_opens__gt=now, then=Value("not-open")),
            When(closed, then=Value("closed")),
            When(seats_left_now__lte=0, then=Value("waiting-list")),
            When(seats_left_now__lte=F("few_seats_threshold"), then=Value("few-seats")),
            default=Value("open"),
        )
    )


def _month_start(month: str) -> dt.datetime:
    try:
        if not MONTH.fullmatch(month):
            raise ValueError(month)
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError as error:
        raise InvalidFilter("month", "month must be a year and month, e.g. 2026-03.") from error
    return dt.datetime.combine(first, dt.time(), tzinfo=timezone.get_default_timezone())
