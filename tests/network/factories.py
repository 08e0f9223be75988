"""Helpers for network tests: subscribers with a recorded consent."""

import datetime as dt

from django.utils import timezone

from network.models import Subscriber


def make_subscriber(email="karen@example.dk", language="da", consent_at=None, **topics) -> Subscriber:
    """A confirmed subscriber; topics: wants_events, wants_resources, theme_slugs."""
    return Subscriber.objects.create(
        email=email,
        language=language,
        consent_at=consent_at or timezone.now() - dt.timedelta(minutes=1),
        consent_source="page:/nyhedsbrev/",
        consent_language=language,
        **topics,
    )
