"""What the network app keeps about an e-mail address, for a person's request to see or erase it.

- newsletter: the subscriber (consent record, topics; what was sent to it goes with it) and any
  unconfirmed sign-up;
- contact addresses: a directory person's or organisation's private address, entered by staff;
  without it, the person or organisation simply takes no messages;
- contact messages: the site stores no relayed message, but the database task backend keeps a
  message (the sender's name, address and text) in its task's arguments until the task table is
  pruned, so a sender's request covers those rows.
"""

from django_tasks_db.models import DBTaskResult

from django.core.cache import cache
from django.db import transaction

from network.contact import recipient_counter_key
from network.models import ContactAddress, PendingSubscription, Subscriber
from network.tasks import send_contact_message


def export_newsletter(email: str) -> list[dict]:
    subscribers = [
        {
            "status": subscriber.status,
            "email": subscriber.email,
            "language": subscriber.language,
            **topics_of(subscriber),
            "consent_given": subscriber.consent_at.isoformat(),
            "consent_given_on": subscriber.consent_source,
            "consent_language": subscriber.consent_language,
            "unsubscribed": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
            "digest_items_sent": subscriber.deliveries.count(),
        }
        for subscriber in Subscriber.objects.filter(email__iexact=email)
    ]
    sign_ups = [
        {
            "status": "unconfirmed",
            "email": pending.email,
            "language": pending.language,
            **topics_of(pending),
            "requested": pending.created_at.isoformat(),
            "requested_on": pending.source,
        }
        for pending in PendingSubscription.objects.filter(email__iexact=email)
    ]
    return subscribers + sign_ups


def topics_of(subscription) -> dict:
    return {
        "wants_events": subscription.wants_events,
        "wants_resources": subscription.wants_resources,
        "themes": list(subscription.theme_slugs),
    }


def erase_newsletter(email: str) -> int:
    """Delete the subscriber (its sent-items record goes with it) and unconfirmed sign-ups."""
    _total, subscribers = Subscriber.objects.filter(email__iexact=email).delete()
    _total, sign_ups = PendingSubscription.objects.filter(email__iexact=email).delete()
    return subscribers.get(Subscriber._meta.label, 0) + sign_ups.get(PendingSubscription._meta.label, 0)


def contact_addresses_of(email: str):
    return ContactAddress.objects.filter(email__iexact=email).select_related("person", "organisation")


def export_contact_addresses(email: str) -> list[dict]:
    return [
        {
            "for_person": str(address.person) if address.person else None,
            "for_organisation": str(address.organisation) if address.organisation else None,
            "email": address.email,
            "language": address.language,
        }
        for address in contact_addresses_of(email)
    ]


def erase_contact_addresses(email: str) -> int:
    """Delete the addresses; a message still queued for one is then dropped (it finds no address)."""
    ids = list(ContactAddress.objects.filter(email__iexact=email).values_list("pk", flat=True))
    ContactAddress.objects.filter(pk__in=ids).delete()
    # The day's message counter is keyed by the id, which is never reused; clear it all the same.
    transaction.on_commit(lambda: cache.delete_many([recipient_counter_key(pk) for pk in ids]))
    return len(ids)


def contact_messages_from(email: str):
    """Relayed messages this address sent that are still in the task table (database backend)."""
    return DBTaskResult.objects.filter(
        task_path=send_contact_message.module_path, args_kwargs__args__1__email__iexact=email
    )


def export_contact_messages(email: str) -> list[dict]:
    return [message_of(result) for result in contact_messages_from(email).order_by("enqueued_at")]


def message_of(result: DBTaskResult) -> dict:
    _address_id, data = result.args_kwargs["args"]
    return {
        "to": data["recipient"],
        "name": data["name"],
        "email": data["email"],
        "message": data["message"],
        "sent": result.enqueued_at.isoformat(),
    }


def erase_contact_messages(email: str) -> int:
    """Delete the task rows; a message not yet sent is then not sent either."""
    count, _per_model = contact_messages_from(email).delete()
    return count
