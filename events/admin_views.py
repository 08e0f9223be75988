"""Staff work in the Wagtail admin: the registration list and its export, an event's participants and
waiting list, the check-in list for the door, and the dashboard panel of upcoming events.

Every change of a registration goes through events.booking, so the admin keeps the same rules as the
public site: the event row is locked, a freed seat is offered to the waiting list, capacity holds.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import DeleteView, IndexView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from core.exports import SpreadsheetExportMixin
from events.availability import seats_left, seats_taken, with_seats_taken
from events.booking import (
    cancel_registration,
    count_taken_seats,
    lock_event,
    offer_free_seats,
    total_price,
)
from events.models import EventPage, Registration, RegistrationStatus
from events.models.registration import ACTIVE, SEAT_HOLDING
from events.vocabulary import VatRate

# Log actions shown in a registration's history (registered in wagtail_hooks).
LOG_CANCELLED = "events.registration.cancel"
LOG_OFFERED = "events.registration.offer_seat"
LOG_CHECKED_IN = "events.registration.check_in"
LOG_CHECK_IN_UNDONE = "events.registration.undo_check_in"

# What a user needs to see registrations; changing them needs "change".
READ_ACTIONS = ("view", "change", "delete")


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are only made through the event page, where the booking rules hold, so nobody
    (not even a superuser) adds one in the admin: a hand-made registration could exceed capacity."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


registration_permissions = RegistrationPermissionPolicy(Registration)


def can_see_registrations(user) -> bool:
    return registration_permissions.user_has_any_permission(user, READ_ACTIONS)


def can_change_registrations(user) -> bool:
    return registration_permissions.user_has_permission(user, "change")


def registration_permission_codenames_to_register() -> set[str]:
    return {get_permission_codename(action, Registration._meta) for action in ("view", "change", "delete")}


# The export --------------------------------------------------------------------------------------


def export_values(registration: Registration) -> dict:
    """The computed columns of the export; the others are fields of the registration."""
    nights = registration.nights
    per_night = registration.accommodation_price_per_night
    accommodation = (per_night or Decimal("0")) * len(nights)
    return {
        "event": registration.event.title,
        "event_start": registration.event.start,
        "status": registration.get_status_display(),
        "vat_rate": dict(VatRate.choices).get(registration.vat_rate, registration.vat_rate),
        "accommodation_nights": len(nights),
        "nights": ", ".join(date_format(night, "SHORT_DATE_FORMAT") for night in nights),
        "accommodation_price": accommodation,
        "total": total_price(registration),
        "payer_type": registration.get_payer_type_display(),
    }


class RegistrationIndexView(SpreadsheetExportMixin, IndexView):
    """The registration list, with an export that Excel opens correctly in Denmark."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event").prefetch_related("booked_nights")

    def export_values(self, item) -> dict:
        return export_values(item)

    @cached_property
    def filtered_event(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("event")
        return None

    def get_filename(self):
        parts = [self.export_filename]
        if self.filtered_event:
            parts.append(self.filtered_event.slug)
        parts.append(timezone.localdate().isoformat())
        return "-".join(parts)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                _("Participants of this event"),
                url=reverse("events_admin:participants", args=[instance.event_id]),
                icon_name="group",
                priority=5,
            )
        )
        return buttons


class RegistrationAdminForm(WagtailAdminModelForm):
    """Checks the database's one-active-registration-per-e-mail rule, which Django's form validation
    skips because the event is not a field of the form (it would fail as a server error on save)."""

    def clean_email(self):
        email = self.cleaned_data["email"]
        registration = self.instance
        if (
            registration.status in ACTIVE
            and Registration.objects.filter(
                event_id=registration.event_id, email__iexact=email, status__in=ACTIVE
            )
            .exclude(pk=registration.pk)
            .exists()
        ):
            raise ValidationError(_("Someone with this e-mail address is already registered for the event."))
        return email


class RegistrationDeleteView(DeleteView):
    """Deleting (e.g. on an erasure request) frees the seat like a cancellation: it is offered on."""

    def delete_action(self):
        with transaction.atomic():
            event = lock_event(self.object.event_id)
            held_seat = Registration.objects.filter(pk=self.object.pk, status__in=SEAT_HOLDING).exists()
            super().delete_action()
            if held_seat:
                offer_free_seats(event)


# An event's participants --------------------------------------------------------------------------


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
        (total_price(r) for r in registrations if r.status == RegistrationStatus.CONFIRMED), Decimal("0")
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
                "can_offer": bool(waiting) and left > 0 and not event.is_past,
                "registrations_url": registrations_url(event),
                "csv_url": registrations_url(event, export="csv"),
                "xlsx_url": registrations_url(event, export="xlsx"),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[event.pk]),
                "next_url": self.request.get_full_path(),
            }
        )
        return context


class CheckInListView(EventStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The list for the door: confirmed participants by name, one large button each."""

    template_name = "events/admin/check_in.html"
    page_title = gettext_lazy("Check-in")
    header_icon = "tablet-alt"
    required_actions = ("change",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirmed = Registration.objects.filter(event=self.event, status=RegistrationStatus.CONFIRMED)
        query = self.request.GET.get("q", "").strip()
        shown = confirmed
        if query:
            shown = confirmed.filter(Q(name__icontains=query) | Q(workplace__icontains=query))
        context.update(
            {
                "event": self.event,
                "query": query,
                "registrations": shown.order_by(Lower("name"), "pk"),
                "confirmed_count": confirmed.count(),
                "checked_in_count": confirmed.filter(checked_in_at__isnull=False).count(),
                "participants_url": participants_url(self.event),
            }
        )
        return context


class CheckInView(EventStaffMixin, View):
    """Mark a confirmed participant as present, or undo it (POST undo=1)."""

    http_method_names = ["post"]
    required_actions = ("change",)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if request.POST.get("undo"):
            Registration.objects.filter(pk=registration.pk).update(checked_in_at=None)
            log(instance=registration, action=LOG_CHECK_IN_UNDONE)
            messages.success(request, _("%(name)s is no longer checked in.") % {"name": registration.name})
        elif registration.status != RegistrationStatus.CONFIRMED:
            messages.error(
                request,
                _("%(name)s cannot be checked in: the registration is not confirmed.")
                % {"name": registration.name},
            )
        else:
            # Only the first check-in counts; a double tap does not move the time.
            Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
                checked_in_at=timezone.now()
            )
            log(instance=registration, action=LOG_CHECKED_IN)
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return self.redirect_back()


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
        offered_before = set(
            Registration.objects.filter(event=self.event, status=RegistrationStatus.OFFERED).values_list(
                "pk", flat=True
            )
        )
        registration = cancel_registration(registration)
        log(instance=registration, action=LOG_CANCELLED)
        newly_offered = list(
            Registration.objects.filter(event=self.event, status=RegistrationStatus.OFFERED).exclude(
                pk__in=offered_before
            )
        )
        for offered in newly_offered:
            log(instance=offered, action=LOG_OFFERED)
        message = _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        if newly_offered:
            message += " " + _("The seat has been offered to %(names)s.") % {
                "names": ", ".join(offered.name for offered in newly_offered)
            }
        messages.success(request, message)
        return self.redirect_back()


class OfferFreeSeatsView(EventStaffMixin, View):
    """Offer free seats to the next people on the waiting list (normally done when someone cancels)."""

    http_method_names = ["post"]
    required_actions = ("change",)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            event = lock_event(self.event.pk)
            if count_taken_seats(event) >= event.capacity:
                messages.error(request, _("No seat is free: nobody can be moved up from the waiting list."))
                return self.redirect_back()
            offered = offer_free_seats(event)
            for registration in offered:
                log(instance=registration, action=LOG_OFFERED)
        if offered:
            messages.success(
                request,
                _("A seat has been offered to %(names)s.")
                % {"names": ", ".join(registration.name for registration in offered)},
            )
        elif event.is_past:
            messages.warning(request, _("The event is over: no seats are offered any more."))
        else:
            messages.warning(request, _("Nobody is on the waiting list."))
        return self.redirect_back()


urlpatterns = [
    path("<int:page_id>/participants/", ParticipantsView.as_view(), name="participants"),
    path("<int:page_id>/check-in/", CheckInListView.as_view(), name="check_in_list"),
    path(
        "<int:page_id>/participants/<int:registration_id>/check-in/", CheckInView.as_view(), name="check_in"
    ),
    path(
        "<int:page_id>/participants/<int:registration_id>/cancel/",
        CancelRegistrationView.as_view(),
        name="cancel",
    ),
    path("<int:page_id>/participants/offer-seats/", OfferFreeSeatsView.as_view(), name="offer_seats"),
]


# The dashboard ------------------------------------------------------------------------------------


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
