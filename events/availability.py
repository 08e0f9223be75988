"""Whether an event can take registrations, and the label a visitor sees for it."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Registration, RegistrationStatus
from events.models.pages import FEW_SEATS_SHARE
from events.models.registration import SEAT_HOLDING
from events.vocabulary import EventStatus


@dataclass(frozen=True)
class Availability:
    key: str  # a stable CSS and API value
    label: str
    can_register: bool  # a seat or a place on the waiting list can be had now
    reason: str = ""  # why registration is closed, in words for the visitor


def with_seats_taken(events: QuerySet) -> QuerySet:
    """Annotate events (in any language) with the seats their registrations hold, in one query."""
    taken = (
        Registration.objects.filter(
            event__translation_key=OuterRef("translation_key"), status__in=SEAT_HOLDING
        )
        .order_by()
        .values("event__translation_key")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return events.annotate(seats_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))


def participant_count(event: EventPage) -> int:
    """Confirmed participants: a number, never names."""
    return Registration.objects.filter(event=event.booking_page, status=RegistrationStatus.CONFIRMED).count()


def seats_taken(event: EventPage) -> int:
    annotated = getattr(event, "seats_taken", None)
    if annotated is not None:
        return annotated
    return Registration.objects.filter(
        event__translation_key=event.translation_key, status__in=SEAT_HOLDING
    ).count()


def seats_left(event: EventPage) -> int:
    return max(event.capacity - seats_taken(event), 0)


def with_free_seats(events: QuerySet) -> QuerySet:
    return with_seats_taken(events).filter(Q(capacity__gt=Coalesce("seats_taken", Value(0))))


def availability(event: EventPage, now=None) -> Availability:
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return Availability("cancelled", _("Cancelled"), False, _("The event has been cancelled."))
    if event.status == EventStatus.POSTPONED:
        return Availability(
            "postponed", _("Postponed"), False, _("The event has been postponed; a new date follows.")
        )
    if event.end < now:
        return Availability("past", _("Held"), False, _("The event has taken place."))
    if event.registration_opens and now < event.registration_opens:
        return Availability(
            "not-open", _("Registration opens later"), False, _("Registration has not opened yet.")
        )
    if now >= event.closes_at:
        return Availability("closed", _("Registration closed"), False, _("Registration has closed."))
    left = seats_left(event)
    if left == 0:
        return Availability("waiting-list", _("Full – waiting list"), True)
    if left <= max(1, int(event.capacity * FEW_SEATS_SHARE)):
        return Availability("few-seats", _("Few seats left"), True)
    return Availability("open", _("Open for registration"), True)
