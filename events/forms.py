"""What the event page's registration form shows of an event: each night with the rooms left, and
the autocomplete tokens of a person's fields. The form itself is the app's that takes bookings
(billing's order form, through the `register_event_registration` hook)."""

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import EventPage


def free_rooms(event: EventPage) -> list[tuple[dt.date, int]]:
    """Each night the event offers, with the rooms still free that night (never below none)."""
    from events.services import capacity

    taken = capacity.rooms_taken(event.booking_page)
    per_night = capacity.rooms_per_night(event)
    return [(night, max(per_night - taken[night], 0)) for night in event.accommodation_nights()]


def night_label(night: dt.date, rooms_left: int) -> str:
    day = f"{formats.date_format(night, 'l')} {formats.date_format(night)}"
    if not rooms_left:
        return _("%(night)s (no rooms left)") % {"night": day}
    return ngettext("%(night)s (%(count)s room left)", "%(night)s (%(count)s rooms left)", rooms_left) % {
        "night": day,
        "count": rooms_left,
    }


# Browsers and password managers fill these in (WCAG 1.3.5, "identify input purpose").
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "phone": "tel",
    "workplace": "organization",
    "profession": "organization-title",
}
