"""Models of the events app: shared snippets, event pages and registrations."""

from .pages import EventIndexPage, EventPage
from .registration import Registration, RegistrationNight, RegistrationStatus
from .snippets import Organisation, Person, Profession, TargetGroup, Theme, Venue

__all__ = [
    "EventIndexPage",
    "EventPage",
    "Organisation",
    "Person",
    "Profession",
    "Registration",
    "RegistrationNight",
    "RegistrationStatus",
    "TargetGroup",
    "Theme",
    "Venue",
]
