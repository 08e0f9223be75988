"""Signed links to a registration: the visitor's key to see and cancel it without an account."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from events.models import Registration

_signer = signing.Signer(salt="events.registration")


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
    """The registrant's page, in the language they registered in."""
    with translation.override(registration.language):
        return reverse("registration_detail", args=[registration_token(registration)])
