"""Strict event filters from a query string, shared by the listings API and the iCalendar feed.

The visitor's event list (events/listing.py) forgives unknown values so that an old shared link still
works. A machine client is better served by an error: a partner whose `theme=` has a typo must hear
about it instead of silently receiving every event. Both the API and the calendar feed parse here.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from events.availability import with_seats_taken
from events.models import EventPage
from events.models.pages import FEW_SEATS_SHARE
from events.vocabulary import EventFormat, EventStatus
from people.models import Organisation
from taxonomy.models import Profession, Theme

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
SLUG = re.compile(r"[-a-z0-9]{1,80}")
MONTH = re.compile(r"\d{4}-\d{2}")
MAX_LIST_VALUES = 20
MAX_TEXT_LENGTH = 100

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
BOOLEAN_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


class InvalidFilter(ValueError):
    """A query-string value the API cannot use; the message is written for the client's developer."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


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
        when = _text(query, "when") or "upcoming"
        if when not in WHEN_CHOICES:
            raise InvalidFilter("when", f"when must be one of {', '.join(WHEN_CHOICES)}.")
        starts_from = parse_moment(query, "from", end_of_day=False)
        starts_before = parse_moment(query, "to", end_of_day=True)
        month = _text(query, "month")
        if month:
            first = _month_start(month)
            next_month = (first + dt.timedelta(days=32)).replace(day=1)
            starts_from = max(filter(None, [starts_from, first]))
            starts_before = min(filter(None, [starts_before, next_month]))
        formats = _choices(query, "format", EventFormat.values)
        registration = _choices(query, "registration", REGISTRATION_STATES)
        free_seats = _boolean(query, "free_seats")
        text = _text(query, "q")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidFilter("q", f"q may be at most {MAX_TEXT_LENGTH} characters.")
        parsed = cls(
            when=when,
            starts_from=starts_from,
            starts_before=starts_before,
            formats=formats,
            themes=_slugs(query, "theme"),
            professions=_slugs(query, "profession"),
            partners=_slugs(query, "partner"),
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
                events = events.filter(capacity__gt=F("seats_taken"))
            elif self.free_seats is False:
                events = events.filter(capacity__lte=F("seats_taken"))
        return events


def check_vocabulary(checks) -> None:
    """Unknown slugs are an error, one query per vocabulary used; checks: (parameter, model, slugs)."""
    for parameter, model, slugs in checks:
        if not slugs:
            continue
        known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = sorted(set(slugs) - known)
        if unknown:
            raise InvalidFilter(parameter, f"Unknown {parameter}: {', '.join(unknown)}.")


def values_of(query, name: str, allowed=None) -> tuple[str, ...]:
    """Comma-separated or repeated values of a parameter: from `allowed` when given, else slugs."""
    return _choices(query, name, allowed) if allowed is not None else _slugs(query, name)


def text(query, name: str) -> str:
    return _text(query, name)


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


def parse_moment(query, name: str, end_of_day: bool) -> dt.datetime | None:
    """A date (YYYY-MM-DD, Danish days) or an ISO 8601 date and time with an offset (or Z)."""
    value = _text(query, name)
    if not value:
        return None
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time(), tzinfo=COPENHAGEN)
            return moment + dt.timedelta(days=1) if end_of_day else moment
        moment = dt.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 1900 <= moment.year <= 2999:
        raise InvalidFilter(
            name,
            f"{name} must be a date (2026-03-01) or a date and time with an offset "
            "(2026-03-01T09:00:00+01:00).",
        )
    return moment


def _month_start(month: str) -> dt.datetime:
    try:
        if not MONTH.fullmatch(month):
            raise ValueError(month)
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError as error:
        raise InvalidFilter("month", "month must be a year and month, e.g. 2026-03.") from error
    return dt.datetime.combine(first, dt.time(), tzinfo=COPENHAGEN)


def _text(query, name: str) -> str:
    value = query.get(name, "")
    if any(ord(character) < 32 for character in value):
        raise InvalidFilter(name, f"{name} contains control characters.")
    return value.strip()


def _values(query, name: str) -> tuple[str, ...]:
    """Comma-separated or repeated values, e.g. format=workshop,course-day or format=a&format=b."""
    values = []
    for raw in query.getlist(name):
        if any(ord(character) < 32 for character in raw):
            raise InvalidFilter(name, f"{name} contains control characters.")
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    if len(values) > MAX_LIST_VALUES:
        raise InvalidFilter(name, f"{name} takes at most {MAX_LIST_VALUES} values.")
    return tuple(dict.fromkeys(values))


def _choices(query, name: str, allowed) -> tuple[str, ...]:
    values = _values(query, name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidFilter(name, f"Unknown {name}: {', '.join(unknown)}. Known: {', '.join(allowed)}.")
    return values


def _slugs(query, name: str) -> tuple[str, ...]:
    values = _values(query, name)
    malformed = [value for value in values if not SLUG.fullmatch(value)]
    if malformed:
        raise InvalidFilter(name, f"Unknown {name}: {', '.join(malformed)}.")
    return values


def _boolean(query, name: str) -> bool | None:
    value = _text(query, name).lower()
    if not value:
        return None
    if value not in BOOLEAN_VALUES:
        raise InvalidFilter(name, f"{name} must be true or false.")
    return BOOLEAN_VALUES[value]
