"""The dashboard panel of upcoming events, with seats taken and people waiting."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from events.admin.participants import participants_url
from events.availability import with_seats_taken
from events.models import EventPage, Registration, RegistrationStatus


class UpcomingEventsPanel(Component):
    """Upcoming events with seats taken and people waiting, in two queries whatever their number."""

    name = "upcoming_events"
    template_name = "events/admin/upcoming_events_panel.html"
    order = 50
    limit = 10

    def get_events(self):
        waiting = (
            Registration.objects.filter(
                event__translation_key=OuterRef("translation_key"), status=RegistrationStatus.WAITING
            )
            .order_by()
            .values("event__translation_key")
            .annotate(count=Count("pk"))
            .values("count")
        )
        events = (
            EventPage.objects.live()
            .filter(locale_id=Locale.get_default().pk, end__gte=timezone.now())
            .order_by("start", "pk")
        )
        return with_seats_taken(events).annotate(
            waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))
        )[: self.limit]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = [
            {
                "event": event,
                "seats_taken": event.seats_taken,
                "seats_left": max(event.capacity - event.seats_taken, 0),
                "waiting": event.waiting,
                "participants_url": participants_url(event),
            }
            for event in self.get_events()
        ]
        context.update({"rows": rows, "registrations_url": reverse("registrations:index")})
        return context
