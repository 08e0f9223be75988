"""Views of the events app: the event page with its registration form, and the registrant's own page."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimit import Limit, rate_limited
from events.availability import availability, participant_count, seats_left
from events.extensions import event_registration, panel_for_action, registration_page_panels
from events.models import Registration
from events.services import BookingError, accept_offer, can_cancel, cancel_registration
from events.services.audit import PARTICIPANT
from events.tokens import (
    grant_access,
    has_access,
    link_expires_at,
    link_has_expired,
    registration_for_token,
    registration_page_path,
)

# A visitor must still be able to register when the cache is down: this limit fails open.
REGISTRATION_POSTS = Limit("registration", 20, setting="REGISTRATION_POSTS_PER_HOUR")


@rate_limited(
    REGISTRATION_POSTS,
    gettext_lazy(
        "We have received many registrations from your connection in a short time. Please try again "
        "in an hour, or write to us and we will register you."
    ),
)
def event_page(page, request):
    """Show the event with its registration form; a POST goes to the app that takes bookings
    (billing's order form, through the `register_event_registration` hook)."""
    answer = event_registration(request, page)
    if isinstance(answer, HttpResponse):
        return answer
    return page.render(
        request,
        context_overrides={
            "registration_form": answer,
            "availability": availability(page),
            "seats_left": seats_left(page),
            "participant_count": participant_count(page),
        },
    )


def link_unusable(request, status: int, heading: str, explanation: str):
    return render(
        request,
        "events/registration_unavailable.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )


def link_expired(request, registration):
    return link_unusable(
        request,
        410,
        _("This link has expired"),
        _(
            "Links to a registration stop working %(days)s days after the event, on %(date)s. "
            "Write to us if you need anything about your registration."
        )
        % {
            "days": (link_expires_at(registration) - registration.event.end).days,
            "date": date_format(timezone.localtime(link_expires_at(registration)), "DATE_FORMAT"),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_link(request, token):
    """The e-mailed link: let this browser in and go on to the page without the token, so that no
    later request (and no access log line for one) carries it. A form still posting here from a
    page opened before this address existed lands on the page too, without acting."""
    registration = registration_for_token(token)
    if registration is None:
        return link_unusable(
            request,
            404,
            _("This link does not work"),
            _(
                "The link was not copied in full, or it belongs to no registration. "
                "Use the link in our e-mail."
            ),
        )
    if link_has_expired(registration):
        return link_expired(request, registration)
    response = HttpResponseRedirect(registration_page_path(registration), status=303)
    grant_access(request, response, registration)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_detail(request, number):
    """The registrant's page: details, cancel before the deadline, accept a seat offer."""
    registration = Registration.objects.select_related("event").filter(pk=number).first()
    if registration is None or not has_access(request, registration):
        return link_unusable(
            request,
            403,
            _("Open the link in our e-mail"),
            _(
                "To see your registration, open the link in the e-mail we sent you when you registered. "
                "The page then works in this browser for a few hours."
            ),
        )
    if link_has_expired(registration):
        return link_expired(request, registration)
    event = registration.event.specific
    translated = event.get_translation_or_none(_active_locale()) or event
    panels = registration_page_panels()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                cancel_registration(registration, by=PARTICIPANT)
                messages.success(
                    request, _("Your registration is cancelled. We have sent you a confirmation.")
                )
            elif action == "accept":
                accept_offer(registration)
                messages.success(request, _("The seat is yours. We have sent you a confirmation."))
            elif panel := panel_for_action(panels, action):
                messages.success(request, panel.handle(request, registration, action))
            else:
                messages.error(request, _("That is not possible for this registration."))
        except BookingError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": translated,
            "total": registration.total_price(),
            "can_cancel": can_cancel(registration),
            "panels": [panel.render(request, registration) for panel in panels],
        },
    )


def _active_locale():
    from wagtail.models import Locale

    return Locale.get_active()


def event_calendar(page, request):
    from events.calendar import calendar_for

    response = HttpResponse(calendar_for([page], page.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def calendar_feed(index_page, request):
    """The list as iCalendar, with the listings API's filters; a wrong filter value is a 400."""
    from core.query_params import InvalidFilter
    from events.calendar import calendar_for
    from events.listing import events_for_list
    from events.models import EventPage
    from events.query import EventQuery

    try:
        query = EventQuery.parse(request.GET)
    except InvalidFilter as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
    events = query.matching(EventPage.objects.live().public().child_of(index_page).order_by("start", "pk"))
    body = calendar_for(list(events_for_list(events)[:500]), index_page.title)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
