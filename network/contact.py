"""Contact relay: a visitor writes to a person or organisation without ever learning their address.

The message goes to the recipient's private address with the sender as Reply-To, introduced in
the recipient's language, so the recipient decides whether to answer. The sender gets no copy:
a copy would let anyone send mail through the site to any address they type in.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.emails import render_email
from core.ratelimit import CacheUnavailable, Limit, count_within, inbox_of
from network.models import ContactAddress
from people.models import Organisation, Person

# A recipient receives at most this many relayed messages a day, whoever sends them.
CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 10
# One visitor, and one sender's address, may write to one recipient this often a day: well under
# the recipient's cap, so nobody alone can use it up. Fails closed like the recipient's counter.
MESSAGES_PER_SENDER_PER_RECIPIENT = Limit(
    "contact-sender",
    2,
    setting="CONTACT_MESSAGES_PER_SENDER_PER_RECIPIENT_PER_DAY",
    window_seconds=24 * 3600,
    fails_open=False,
)


def contact_address_for(snippet) -> ContactAddress | None:
    """The address of a person or organisation in any language (translations share it)."""
    field = "person" if isinstance(snippet, Person) else "organisation"
    return (
        ContactAddress.objects.filter(**{f"{field}__translation_key": snippet.translation_key})
        .only("email", "language")
        .first()
    )


def recipient_counter_key(address_id: int) -> str:
    """The cache key counting today's messages to one address (an id: never the address itself)."""
    return f"contact:recipient:{address_id}"


def sender_may_write(address: ContactAddress, visitor: str, sender_email: str) -> bool:
    """Count a message from one visitor (their IP address) and one sender's address to this
    recipient; False once either has written MESSAGES_PER_SENDER_PER_RECIPIENT times today.

    Checked before the recipient's own counter, so a sender who is refused uses none of the
    recipient's daily messages, and one sender can never use them all up."""
    return MESSAGES_PER_SENDER_PER_RECIPIENT.allows_for(
        f"{address.pk}:visitor:{visitor}"
    ) and MESSAGES_PER_SENDER_PER_RECIPIENT.allows_for(f"{address.pk}:sender:{inbox_of(sender_email)}")


def recipient_has_room(address: ContactAddress) -> bool:
    limit = getattr(
        settings, "CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY", CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY
    )
    try:
        return count_within(recipient_counter_key(address.pk), limit, 24 * 3600)
    except CacheUnavailable:
        return False  # fails closed: a stranger's messages must never flood a real inbox uncounted


def relay_message(snippet: Person | Organisation, sender_name: str, sender_email: str, message: str) -> None:
    """Queue the message to the recipient; the caller has checked that it has an address."""
    from django.db import transaction

    from network.tasks import send_contact_message

    address = contact_address_for(snippet)
    address_id = address.pk
    data = {"recipient": str(snippet), "name": sender_name, "email": sender_email, "message": message}
    transaction.on_commit(lambda: send_contact_message.enqueue(address_id, data))


def send_contact_message(address_id: int, data: dict) -> None:
    address = ContactAddress.objects.filter(pk=address_id).first()
    if address is None:
        return
    render_email(
        "network/email/contact_message",
        data,
        language=address.language,
        to=address.email,
        subject=_("A message via Innovatarium from %(name)s"),
        subject_params={"name": data["name"]},
        reply_to=[data["email"]],
    ).send()
