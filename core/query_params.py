"""Strict filters from a query string, for machine clients (the listings API, feeds, calendars).

A visitor's list page forgives unknown values so that an old shared link still works. A machine client
is better served by an error: a partner whose `theme=` has a typo must hear about it instead of
silently receiving everything. The messages are written for the client's developer, in English.
"""

import datetime as dt
import re

from django.utils import timezone

SLUG = re.compile(r"[-a-z0-9]{1,80}")
MAX_LIST_VALUES = 20
MAX_TEXT_LENGTH = 100
BOOLEAN_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


class InvalidFilter(ValueError):
    """A query-string value the API cannot use; the message is written for the client's developer."""

    status = 400

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


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
    return choices_of(query, name, allowed) if allowed is not None else slugs_of(query, name)


def parse_moment(query, name: str, end_of_day: bool) -> dt.datetime | None:
    """A date (YYYY-MM-DD, Danish days) or an ISO 8601 date and time with an offset (or Z)."""
    value = text_of(query, name)
    if not value:
        return None
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_default_timezone())
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


def text_of(query, name: str) -> str:
    value = query.get(name, "")
    if any(ord(character) < 32 for character in value):
        raise InvalidFilter(name, f"{name} contains control characters.")
    return value.strip()


def values_in(query, name: str) -> tuple[str, ...]:
    """Comma-separated or repeated values, e.g. format=workshop,course-day or format=a&format=b."""
    values = []
    for raw in query.getlist(name):
        if any(ord(character) < 32 for character in raw):
            raise InvalidFilter(name, f"{name} contains control characters.")
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    if len(values) > MAX_LIST_VALUES:
        raise InvalidFilter(name, f"{name} takes at most {MAX_LIST_VALUES} values.")
    return tuple(dict.fromkeys(values))


def choices_of(query, name: str, allowed) -> tuple[str, ...]:
    values = values_in(query, name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidFilter(name, f"Unknown {name}: {', '.join(unknown)}. Known: {', '.join(allowed)}.")
    return values


def slugs_of(query, name: str) -> tuple[str, ...]:
    values = values_in(query, name)
    malformed = [value for value in values if not SLUG.fullmatch(value)]
    if malformed:
        raise InvalidFilter(name, f"Unknown {name}: {', '.join(malformed)}.")
    return values


def boolean_of(query, name: str) -> bool | None:
    value = text_of(query, name).lower()
    if not value:
        return None
    if value not in BOOLEAN_VALUES:
        raise InvalidFilter(name, f"{name} must be true or false.")
    return BOOLEAN_VALUES[value]
