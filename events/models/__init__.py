"""Models of the events app: event pages, their venues and registrations."""

from .pages import EventIndexPage, EventPage
from .registration import Registration, RegistrationNight, RegistrationStatus
from .venues import Venue

__all__ = [
    "EventIndexPage",
    "EventPage",
    "Registration",
    "RegistrationNight",
    "RegistrationStatus",
    "Venue",
]
