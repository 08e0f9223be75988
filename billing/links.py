"""Signed links to an order: the booker's key to the order's page and its invoices, without an account.

The token signs the order's random reference (never its number or anything personal), so it cannot
be guessed or edited into another order's. The link works as long as a participant's link does:
`REGISTRATION_LINK_DAYS_AFTER_EVENT` days after the event.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from billing.models import Order
from core.addresses import absolute_url

_signer = signing.Signer(salt="billing.order")


def order_token(order: Order) -> str:
    return _signer.sign(order.reference.hex)


def order_for_token(token: str) -> Order | None:
    """The order a token belongs to, or None for a tampered, truncated or unknown token."""
    try:
        reference = _signer.unsign(token)
        return Order.objects.select_related("event").get(reference=reference)
    except (signing.BadSignature, Order.DoesNotExist, ValueError):
        return None


def order_path(order: Order) -> str:
    """The order's page, in the booker's language."""
    with translation.override(order.language):
        return reverse("order_page", args=[order_token(order)])


def order_url(order: Order) -> str:
    return absolute_url(order_path(order))


def document_path(order: Order, invoice) -> str:
    """One invoice or credit note of the order as PDF, through the order's link only."""
    return reverse("order_document", args=[order_token(order), invoice.number])


def link_expires_at(order: Order) -> dt.datetime:
    return order.event.end + dt.timedelta(days=settings.REGISTRATION_LINK_DAYS_AFTER_EVENT)


def link_has_expired(order: Order, now=None) -> bool:
    return (now or timezone.now()) >= link_expires_at(order)
