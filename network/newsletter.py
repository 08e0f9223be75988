"""The newsletter's rules: ask for confirmation, subscribe on confirmation, unsubscribe at once.

Only `request_subscription` sends anything to an address that has not confirmed, and what it
sends is the confirmation. Every other mail goes to confirmed subscribers only.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.ratelimit import Limit, inbox_of
from network.models import PendingSubscription, Subscriber, SubscriberStatus

# Confirmation e-mails to one mailbox a day, whoever asks: a stranger cannot flood someone's inbox
# by typing their address again and again, from as many connections as they like. Refused while
# the cache cannot count (fails closed): the e-mail goes to someone who did not necessarily ask.
CONFIRMATIONS_PER_ADDRESS = Limit(
    "newsletter-address",
    3,
    setting="NEWSLETTER_CONFIRMATIONS_PER_ADDRESS_PER_DAY",
    window_seconds=24 * 3600,
    fails_open=False,
)


@dataclass
class TopicChoice:
    events: bool = False
    resources: bool = False
    theme_slugs: list[str] = field(default_factory=list)


def request_subscription(
    email: str, topics: TopicChoice, language: str, source: str
) -> PendingSubscription | None:
    """Store the request and queue the confirmation e-mail. Answers the same whether or not the
    address is subscribed already, so the form never tells a stranger who is on the list.

    One address gets at most CONFIRMATIONS_PER_ADDRESS confirmation e-mails a day, whoever asks
    and from wherever: more requests store and send nothing (None), and the visitor is answered
    the same, so the form tells nobody that the address was asked for before."""
    from network.tasks import send_confirmation_email

    if not CONFIRMATIONS_PER_ADDRESS.allows_for(inbox_of(email)):
        return None
    pending = PendingSubscription.objects.create(
        email=email,
        language=language,
        source=source,
        wants_events=topics.events,
        wants_resources=topics.resources,
        theme_slugs=sorted(set(topics.theme_slugs)),
    )
    pending_id = pending.pk
    transaction.on_commit(lambda: send_confirmation_email.enqueue(pending_id))
    return pending


@transaction.atomic
def confirm_subscription(pending: PendingSubscription) -> Subscriber:
    """Subscribe with the topics of the confirmed request; record the consent; use up the link."""
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(
        email__iexact=pending.email
    ).first() or Subscriber(email=pending.email)
    subscriber.language = pending.language
    subscriber.status = SubscriberStatus.SUBSCRIBED
    subscriber.wants_events = pending.wants_events
    subscriber.wants_resources = pending.wants_resources
    subscriber.theme_slugs = pending.theme_slugs
    subscriber.consent_at = now
    subscriber.consent_source = pending.source
    subscriber.consent_language = pending.language
    subscriber.unsubscribed_at = None
    subscriber.save()
    # Every open request for the address is settled by this confirmation.
    PendingSubscription.objects.filter(email__iexact=pending.email).delete()
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    """Stop every mail at once. The address stays only as the record that consent was withdrawn,
    without topics, until `purge_newsletter_data` removes it."""
    if not subscriber.is_subscribed:
        return
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.wants_events = False
    subscriber.wants_resources = False
    subscriber.theme_slugs = []
    subscriber.save()


# Withdrawn consent is kept this long, to answer a question about it, then the address is deleted.
UNSUBSCRIBED_KEPT_DAYS = 30


def purge_newsletter_data() -> dict[str, int]:
    """Delete sign-ups whose confirmation link has expired, and addresses unsubscribed long enough."""
    from network.tokens import confirmation_max_age

    now = timezone.now()
    expired, _ = PendingSubscription.objects.filter(created_at__lt=now - confirmation_max_age()).delete()
    withdrawn, _ = Subscriber.objects.filter(
        status=SubscriberStatus.UNSUBSCRIBED,
        unsubscribed_at__lt=now - timezone.timedelta(days=UNSUBSCRIBED_KEPT_DAYS),
    ).delete()
    return {"pending": expired, "unsubscribed": withdrawn}
