"""Models of the network app: newsletter subscriptions, what has been sent to whom, contact addresses."""

from .contacts import ContactAddress
from .newsletter import DigestDelivery, PendingSubscription, Subscriber, SubscriberStatus

__all__ = ["ContactAddress", "DigestDelivery", "PendingSubscription", "Subscriber", "SubscriberStatus"]
