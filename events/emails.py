"""The e-mails a registrant receives, in their language, as plain text and HTML with the event's .ics."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from events.booking import total_price
from events.models import Registration
from events.tokens import registration_path


def registration_url(registration: Registration) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + registration_path(registration)


SUBJECTS = {
    "confirmation": _("You are registered: %(event)s"),
    "waiting_list": _("You are on the waiting list: %(event)s"),
    "seat_offer": _("A seat is free for you: %(event)s"),
    "cancellation": _("Your registration is cancelled: %(event)s"),
    "reminder": _("See you soon: %(event)s"),
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
}


def send_registration_email(registration: Registration, kind: str) -> None:
    from events.calendar import registration_calendar

    with translation.override(registration.language):
        locale = Locale.objects.filter(language_code=registration.language).first()
        event = registration.event.get_translation_or_none(locale) if locale else None
        context = {
            "registration": registration,
            "event": (event or registration.event).specific,
            "link": registration_url(registration),
            "total": total_price(registration),
            "nights": registration.nights,
        }
        context["subject"] = str(SUBJECTS[kind] % {"event": context["event"].title})
        context["intro"] = str(INTROS[kind])
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
    message = EmailMultiAlternatives(context["subject"], text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if kind != "cancellation":
        message.attach("event.ics", registration_calendar(registration), "text/calendar; charset=utf-8")
    message.send()
