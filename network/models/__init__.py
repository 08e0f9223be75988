"""Models of the network app: newsletter subscriptions, what has been sent to whom, contact addresses,
and the directory page."""

from .contacts import ContactAddress
from .directory import DirectoryPage
from .newsletter import DigestDelivery, PendingSubscription, Subscriber, SubscriberStatus

__all__ = [
    "ContactAddress",
    "DirectoryPage",
    "DigestDelivery",
    "PendingSubscription",
    "Subscriber",
    "SubscriberStatus",
]
