"""The e-mails a registrant receives, in their language, as plain text and HTML with the event's .ics."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from core.addresses import absolute_url
from core.emails import render_email
from events.models import Registration
from events.tokens import registration_path


def registration_url(registration: Registration) -> str:
    return absolute_url(registration_path(registration))


SUBJECTS = {
    "confirmation": _("You are registered: %(event)s"),
    "waiting_list": _("You are on the waiting list: %(event)s"),
    "seat_offer": _("A seat is free for you: %(event)s"),
    "cancellation": _("Your registration is cancelled: %(event)s"),
    "reminder": _("See you soon: %(event)s"),
    "registration_link": _("Your registration: %(event)s"),
}
INTROS = {
    "confirmation": _("Thank you for registering. Your seat is confirmed; the calendar file is attached."),
    "waiting_list": _(
        "The event is full, so you are on the waiting list. We will e-mail you as soon as a seat is free."
    ),
    "seat_offer": _(
        "A seat has become free, and it is yours if you accept it. Use the link below before the offer ends."
    ),
    "cancellation": _("Your registration has been cancelled. We hope to see you another time."),
    "reminder": _("This is a reminder that the event is coming up soon. We look forward to seeing you."),
    "registration_link": _(
        "Someone, probably you, tried to register this e-mail address for the event again. You are already "
        "registered: the link below shows your registration. If it was not you, you need do nothing."
    ),
}
# E-mails that carry the event's calendar file.
WITH_CALENDAR = {"confirmation", "waiting_list", "seat_offer", "reminder"}


def send_registration_email(registration: Registration, kind: str) -> None:
    from events.calendar import registration_calendar

    locale = Locale.objects.filter(language_code=registration.language).first()
    event = registration.event.get_translation_or_none(locale) if locale else None
    event = (event or registration.event).specific
    message = render_email(
        "events/email/message",
        {
            "registration": registration,
            "event": event,
            "link": registration_url(registration),
            "total": registration.total_price(),
            "nights": registration.nights,
            "intro": INTROS[kind],
        },
        language=registration.language,
        to=registration.email,
        subject=SUBJECTS[kind],
        subject_params={"event": event.title},
    )
    if kind in WITH_CALENDAR:
        # Django adds the charset itself; naming it here too wrote it twice into the part's header.
        message.attach("event.ics", registration_calendar(registration), "text/calendar")
    message.send()
