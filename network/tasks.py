"""Background tasks of the network app."""

from django.utils.translation import gettext_lazy as _

from core.tasks import email_task


def pending_address(pending_id: int) -> str | None:
    from network.models import PendingSubscription

    return PendingSubscription.objects.filter(pk=pending_id).values_list("email", flat=True).first()


def subscriber_address(subscriber_id: int) -> str | None:
    from network.models import Subscriber

    return Subscriber.objects.filter(pk=subscriber_id).values_list("email", flat=True).first()


def participant_address(registration_id: int) -> str | None:
    from events.models import Registration

    return Registration.objects.filter(pk=registration_id).values_list("email", flat=True).first()


def contact_address(address_id: int, data: dict) -> str | None:
    from network.models import ContactAddress

    return ContactAddress.objects.filter(pk=address_id).values_list("email", flat=True).first()


@email_task(
    label=_("Newsletter confirmation"),
    recipient=pending_address,
    recipient_permission="network.view_subscriber",
)
def send_confirmation_email(pending_id: int) -> None:
    from network.emails import send_confirmation
    from network.models import PendingSubscription

    pending = PendingSubscription.objects.filter(pk=pending_id).first()
    if pending is not None:
        send_confirmation(pending)


@email_task(
    label=_("Theme digest"),
    recipient=subscriber_address,
    recipient_permission="network.view_subscriber",
)
def send_digest(subscriber_id: int) -> bool:
    from network.digests import send_digest as send

    return send(subscriber_id)


@email_task(
    label=_("Networking list"),
    recipient=participant_address,
    recipient_permission="events.view_registration",
)
def send_networking_list(registration_id: int) -> bool:
    from network.participants import send_networking_list as send

    return send(registration_id)


@email_task(
    label=_("Relayed contact message"),
    recipient=contact_address,
    recipient_permission="network.change_contactaddress",
)
def send_contact_message(address_id: int, data: dict) -> None:
    from network.contact import send_contact_message as send

    send(address_id, data)
