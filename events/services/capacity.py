"""Seats and rooms: how many are held, counted the same way at every step. Call with the event locked.

A registration holds a seat, and a room on each of its nights, while it is confirmed or has an open
seat offer (SEAT_HOLDING). People on the waiting list hold neither.
"""

import datetime as dt
from collections import Counter

from django.db.models import Count

from events.models import EventPage, Registration, RegistrationNight
from events.models.registration import SEAT_HOLDING


def count_taken_seats(event: EventPage, excluding: Registration | None = None) -> int:
    held = Registration.objects.filter(event=event, status__in=SEAT_HOLDING)
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return held.count()


def rooms_taken(event: EventPage, excluding: Registration | None = None) -> Counter:
    """Rooms held per night."""
    nights = RegistrationNight.objects.filter(
        registration__event=event, registration__status__in=SEAT_HOLDING
    )
    if excluding is not None:
        nights = nights.exclude(registration=excluding)
    return Counter(dict(nights.values_list("night").annotate(count=Count("pk")).order_by()))


def rooms_per_night(event: EventPage) -> int:
    """Rooms a night; none when the event no longer offers accommodation."""
    return event.rooms_per_night or 0


def full_nights(event: EventPage, nights, excluding: Registration | None = None) -> list[dt.date]:
    """The nights among `nights` on which no room is left for one more person."""
    if not nights:
        return []
    taken = rooms_taken(event, excluding)
    return sorted(night for night in set(nights) if taken[night] >= rooms_per_night(event))
