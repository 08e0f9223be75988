"""The registration link e-mailed again, when someone registers an address that is already registered.

The registration form answers such a request exactly as it answers a new registration ("check your
e-mail"), so it tells nobody who is registered; the address itself gets its link again. Each address
gets at most a few of these e-mails an hour and a day, so the form cannot be used to flood someone's
inbox. The count fails closed: while the cache is down, no such e-mail is sent (the person already
has the link from their confirmation, and the page says the same either way).
"""

from django.db import transaction

from core.ratelimit import Limit
from events.models import EventPage, Registration
from events.models.registration import ACTIVE
from events.notifications import notify
from events.services import audit

LINK_EMAILS_PER_HOUR = Limit(
    "registration-link-hour", 2, setting="REGISTRATION_LINK_EMAILS_PER_HOUR", fails_open=False
)
LINK_EMAILS_PER_DAY = Limit(
    "registration-link-day",
    5,
    setting="REGISTRATION_LINK_EMAILS_PER_DAY",
    window_seconds=24 * 3600,
    fails_open=False,
)


def link_email_allowed(email: str) -> bool:
    identity = email.strip().lower()
    return LINK_EMAILS_PER_HOUR.allows_for(identity) and LINK_EMAILS_PER_DAY.allows_for(identity)


def send_registration_link(event: EventPage, email: str) -> bool:
    """E-mail the address's active registration for the event its link again; False when there is
    none or the address has had enough of these e-mails for now. The visitor is never told which."""
    registration = (
        Registration.objects.filter(event=event.booking_page, email__iexact=email, status__in=ACTIVE)
        .order_by("-created_at")
        .first()
    )
    if registration is None or not link_email_allowed(email):
        return False
    with transaction.atomic():
        audit.record(registration, audit.LINK_SENT, audit.PARTICIPANT)
        notify(registration, "registration_link")
    return True
