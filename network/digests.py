"""Digests for subscribers: new events and resources in their topics and themes, each item once.

A page counts by its translation key, so the Danish and English pages of one event are one item,
shown in the subscriber's language when it has a translation there and in Danish otherwise.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from events.models import EventPage
from library.models import ResourcePage
from network.emails import subscriber_message
from network.models import DigestDelivery, Subscriber, SubscriberStatus


@dataclass
class Digest:
    events: list[EventPage]
    resources: list[ResourcePage]

    def __bool__(self) -> bool:
        return bool(self.events or self.resources)

    @property
    def translation_keys(self) -> list:
        return [page.translation_key for page in [*self.events, *self.resources]]


def _in_language(pages, language_code: str) -> list:
    """One page per translation key: the subscriber's language when it exists, else the default."""
    default_code = Locale.get_default().language_code
    chosen = {}
    for page in pages:
        code = page.locale.language_code
        current = chosen.get(page.translation_key)
        if (
            current is None
            or code == language_code
            or (code == default_code and current.locale.language_code != language_code)
        ):
            chosen[page.translation_key] = page
    return list(chosen.values())


def _new_pages(model, subscriber: Subscriber, wants_all: bool):
    if not wants_all and not subscriber.theme_slugs:
        return model.objects.none()
    already_sent = DigestDelivery.objects.filter(subscriber=subscriber).values("translation_key")
    pages = (
        model.objects.live()
        .public()
        .filter(first_published_at__gt=subscriber.consent_at)
        .exclude(translation_key__in=already_sent)
        .select_related("locale")
    )
    if not wants_all:
        pages = pages.filter(themes__slug__in=subscriber.theme_slugs).distinct()
    return pages


def digest_for(subscriber: Subscriber) -> Digest:
    """What is new for the subscriber and not yet sent: upcoming events and resources published
    after the subscriber gave consent, in the chosen topics or themes."""
    events = _new_pages(EventPage, subscriber, subscriber.wants_events).filter(start__gt=timezone.now())
    resources = _new_pages(ResourcePage, subscriber, subscriber.wants_resources).order_by(
        "-first_published_at", "pk"
    )
    return Digest(
        events=sorted(_in_language(events, subscriber.language), key=lambda page: page.start),
        resources=_in_language(resources, subscriber.language),
    )


def send_digest(subscriber_id: int) -> bool:
    """Send the subscriber's digest if there is anything in it. Whether it went out is decided under
    the subscriber's row lock, and the items are recorded in the same transaction as the sending:
    two runs at once send each item once, and a failed send is tried again next time."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=subscriber_id, status=SubscriberStatus.SUBSCRIBED)
            .first()
        )
        if subscriber is None:
            return False
        digest = digest_for(subscriber)
        if not digest:
            return False
        DigestDelivery.objects.bulk_create(
            [DigestDelivery(subscriber=subscriber, translation_key=key) for key in digest.translation_keys]
        )
        subscriber_message(
            "digest",
            {"events": digest.events, "resources": digest.resources},
            subscriber,
            subject=_("New at Innovatarium in the topics you follow"),
        ).send()
    return True


def subscribers_to_digest():
    return Subscriber.objects.filter(status=SubscriberStatus.SUBSCRIBED).filter(
        Q(wants_events=True) | Q(wants_resources=True) | ~Q(theme_slugs=[])
    )
