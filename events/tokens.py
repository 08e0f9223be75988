"""Signed links to a registration: the visitor's key to see and cancel it without an account.

The e-mailed link (`/min-tilmelding/<token>/`) is the key. Opening it leaves a signed cookie that
lets this browser see that registration for a few hours, and redirects to an address without the
token (`/min-tilmelding/<number>/`), so only one request ever carries it: the pages, the forms on
them and the Referer they send do not. A link stops working a set time after the event
(`REGISTRATION_LINK_DAYS_AFTER_EVENT`); nothing in a link or the cookie is personal data.
"""

import datetime as dt
import time

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Registration

_signer = signing.Signer(salt="events.registration")

ACCESS_COOKIE = "registrations"
_ACCESS_SALT = "events.registration.access"
# A browser keeps its way in to this many registrations at most (a family, a colleague's desk).
ACCESS_KEPT = 10


def registration_token(registration: Registration) -> str:
    return _signer.sign(registration.reference.hex)


def registration_for_token(token: str) -> Registration | None:
    """The registration a token belongs to, or None for a tampered, truncated or unknown token."""
    try:
        reference = _signer.unsign(token)
        return Registration.objects.select_related("event").get(reference=reference)
    except (signing.BadSignature, Registration.DoesNotExist, ValueError):
        return None


def registration_path(registration: Registration) -> str:
    """The e-mailed link to the registrant's page, in the language they registered in."""
    with translation.override(registration.language):
        return reverse("registration_link", args=[registration_token(registration)])


def registration_page_path(registration: Registration) -> str:
    """The registrant's page without the token, in the active language."""
    return reverse("registration_detail", args=[registration.pk])


def link_days_after_event() -> int:
    return settings.REGISTRATION_LINK_DAYS_AFTER_EVENT


def link_expires_at(registration: Registration) -> dt.datetime:
    return registration.event.end + dt.timedelta(days=link_days_after_event())


def link_has_expired(registration: Registration, now=None) -> bool:
    return (now or timezone.now()) >= link_expires_at(registration)


def access_hours() -> int:
    return settings.REGISTRATION_PAGE_ACCESS_HOURS


def _granted(request) -> dict[str, int]:
    """Registration numbers this browser may see, with when each was granted (seconds since epoch)."""
    try:
        granted = signing.loads(
            request.COOKIES.get(ACCESS_COOKIE, ""), salt=_ACCESS_SALT, max_age=access_hours() * 3600
        )
    except signing.BadSignature:
        return {}
    if not isinstance(granted, dict):
        return {}
    oldest = time.time() - access_hours() * 3600
    return {str(number): when for number, when in granted.items() if isinstance(when, int) and when > oldest}


def grant_access(request, response, registration: Registration) -> None:
    """Let this browser see the registration for REGISTRATION_PAGE_ACCESS_HOURS."""
    granted = _granted(request)
    granted[str(registration.pk)] = int(time.time())
    newest = dict(sorted(granted.items(), key=lambda item: item[1])[-ACCESS_KEPT:])
    response.set_cookie(
        ACCESS_COOKIE,
        signing.dumps(newest, salt=_ACCESS_SALT, compress=True),
        max_age=access_hours() * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def has_access(request, registration: Registration) -> bool:
    return str(registration.pk) in _granted(request)
