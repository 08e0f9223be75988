"""Signed, opaque links for the newsletter: a random reference and a signature, never the address."""

import datetime as dt

from django.conf import settings
from django.core import signing

from network.models import PendingSubscription, Subscriber

# A confirmation link works for a week; an unsubscribe link works for as long as mails are sent.
CONFIRMATION_MAX_AGE = dt.timedelta(days=7)

_confirm_signer = signing.TimestampSigner(salt="network.newsletter.confirm")
_unsubscribe_signer = signing.Signer(salt="network.newsletter.unsubscribe")


def confirmation_max_age() -> dt.timedelta:
    return getattr(settings, "NEWSLETTER_CONFIRMATION_MAX_AGE", CONFIRMATION_MAX_AGE)


def confirmation_token(pending: PendingSubscription) -> str:
    return _confirm_signer.sign(pending.reference.hex)


def pending_for_token(token: str) -> PendingSubscription | None:
    """The sign-up a confirmation token belongs to; None when tampered with, expired or already used."""
    try:
        reference = _confirm_signer.unsign(token, max_age=confirmation_max_age())
        return PendingSubscription.objects.get(reference=reference)
    except (signing.BadSignature, PendingSubscription.DoesNotExist, ValueError):
        return None


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _unsubscribe_signer.sign(subscriber.reference.hex)


def subscriber_for_token(token: str) -> Subscriber | None:
    try:
        reference = _unsubscribe_signer.unsign(token)
        return Subscriber.objects.get(reference=reference)
    except (signing.BadSignature, Subscriber.DoesNotExist, ValueError):
        return None
