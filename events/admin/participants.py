"""An event's participants and waiting list: counts, rooms per night, revenue, cancel, offer seats."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from events.admin.permissions import READ_ACTIONS, can_change_registrations, registration_permissions
from events.availability import seats_left, seats_taken
from events.models import EventPage, Registration, RegistrationStatus
from events.services import BookingError, cancel_registration, offer_free_seats
from events.services.audit import staff


@dataclass(frozen=True)
class NightUse:
    night: dt.date
    booked: int
    rooms: int | None

    @property
    def full(self) -> bool:
        return self.rooms is not None and self.booked >= self.rooms


def rooms_per_night(event: EventPage, registrations) -> list[NightUse]:
    """Rooms booked per night by the registrations that hold a seat (as the booking rule counts)."""
    booked = Counter(
        night for registration in registrations if registration.holds_seat for night in registration.nights
    )
    nights = sorted(set(event.accommodation_nights()) | set(booked))
    return [NightUse(night, booked.get(night, 0), event.rooms_per_night) for night in nights]


def expected_revenue(registrations) -> Decimal:
    return sum(
        (r.total_price() for r in registrations if r.status == RegistrationStatus.CONFIRMED), Decimal("0")
    )


def participants_url(event: EventPage) -> str:
    return reverse("events_admin:participants", args=[event.pk])


def registrations_url(event: EventPage, **params) -> str:
    return reverse("registrations:index") + "?" + urlencode({"event": event.pk, **params})


class EventStaffMixin:
    """Loads the event (in the default language, which registrations point at) and checks permissions."""

    required_actions = READ_ACTIONS

    def dispatch(self, request, *args, **kwargs):
        if not registration_permissions.user_has_any_permission(request.user, self.required_actions):
            raise PermissionDenied
        page = get_object_or_404(EventPage, pk=kwargs["page_id"])
        try:
            self.event = page.booking_page
        except EventPage.DoesNotExist as error:
            raise Http404(_("This event has no page in the default language.")) from error
        return super().dispatch(request, *args, **kwargs)

    def get_registration(self) -> Registration:
        return get_object_or_404(Registration, pk=self.kwargs["registration_id"], event=self.event)

    def redirect_back(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            get_valid_next_url_from_request(self.request) or participants_url(self.event)
        )

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("registrations:index"), "label": gettext_lazy("Registrations")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_page_subtitle(self):
        return self.event.title


class ParticipantsView(EventStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/participants.html"
    page_title = gettext_lazy("Participants")
    header_icon = "group"

    def get_header_buttons(self):
        buttons = []
        if can_change_registrations(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Check-in list"),
                    url=reverse("events_admin:check_in_list", args=[self.event.pk]),
                    icon_name="tablet-alt",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        registrations = list(
            Registration.objects.filter(event=event)
            .prefetch_related("booked_nights")
            .order_by("created_at", "pk")
        )
        by_status = {status: [] for status in RegistrationStatus.values}
        for registration in registrations:
            by_status[registration.status].append(registration)
        confirmed = by_status[RegistrationStatus.CONFIRMED]
        participants = confirmed + by_status[RegistrationStatus.OFFERED]
        waiting = by_status[RegistrationStatus.WAITING]
        left = seats_left(event)
        context.update(
            {
                "event": event,
                "seats_taken": seats_taken(event),
                "seats_left": left,
                "participants": participants,
                "confirmed_count": len(confirmed),
                "offered_count": len(by_status[RegistrationStatus.OFFERED]),
                "checked_in_count": sum(1 for r in confirmed if r.checked_in_at),
                "waiting": waiting,
                "inactive": by_status[RegistrationStatus.CANCELLED] + by_status[RegistrationStatus.EXPIRED],
                "revenue": expected_revenue(registrations),
                "nights": rooms_per_night(event, registrations),
                "can_change": can_change_registrations(self.request.user),
                "can_offer": bool(waiting) and left > 0 and event.start > timezone.now(),
                "registrations_url": registrations_url(event),
                "csv_url": registrations_url(event, export="csv"),
                "xlsx_url": registrations_url(event, export="xlsx"),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[event.pk]),
                "next_url": self.request.get_full_path(),
            }
        )
        return context


def offered_to(registrations) -> str:
    return ", ".join(registration.name for registration in registrations)


class CancelRegistrationView(EventStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """Ask first (GET), then cancel (POST); a freed seat is offered to the first person waiting."""

    template_name = "events/admin/confirm_cancel.html"
    page_title = gettext_lazy("Cancel registration")
    header_icon = "cross"
    required_actions = ("change",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "event": self.event,
                "registration": self.get_registration(),
                "participants_url": participants_url(self.event),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED):
            messages.warning(
                request, _("%(name)s was not registered any more.") % {"name": registration.name}
            )
            return self.redirect_back()
        try:
            cancellation = cancel_registration(registration, by=staff(request.user))
        except BookingError as error:
            messages.error(request, error.staff_message)
            return self.redirect_back()
        message = _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        if cancellation.offered:
            message += " " + _("The seat has been offered to %(names)s.") % {
                "names": offered_to(cancellation.offered)
            }
        messages.success(request, message)
        return self.redirect_back()


class OfferFreeSeatsView(EventStaffMixin, View):
    """Offer free seats to the next people on the waiting list (normally done when someone cancels)."""

    http_method_names = ["post"]
    required_actions = ("change",)

    def post(self, request, *args, **kwargs):
        try:
            offered = offer_free_seats(self.event, by=staff(request.user))
        except BookingError as error:
            messages.error(request, error.staff_message)
            return self.redirect_back()
        if offered:
            messages.success(
                request, _("A seat has been offered to %(names)s.") % {"names": offered_to(offered)}
            )
        elif seats_left(self.event) == 0:
            messages.error(request, _("No seat is free: nobody can be moved up from the waiting list."))
        elif self.event.start <= timezone.now():
            messages.warning(request, _("The event has started: no seats are offered any more."))
        elif Registration.objects.filter(event=self.event, status=RegistrationStatus.WAITING).exists():
            messages.warning(
                request,
                _(
                    "Everyone on the waiting list asks for a night without a free room, so no seat was "
                    "offered. They keep their place until a seat comes with a room."
                ),
            )
        else:
            messages.warning(request, _("Nobody is on the waiting list."))
        return self.redirect_back()
