"""Models of the network app: newsletter subscriptions and what has been sent to whom."""

from .newsletter import DigestDelivery, PendingSubscription, Subscriber, SubscriberStatus

__all__ = ["DigestDelivery", "PendingSubscription", "Subscriber", "SubscriberStatus"]
