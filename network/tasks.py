"""Background tasks of the network app."""

from django_tasks import task


@task()
def send_confirmation_email(pending_id: int) -> None:
    from network.emails import send_confirmation
    from network.models import PendingSubscription

    pending = PendingSubscription.objects.filter(pk=pending_id).first()
    if pending is not None:
        send_confirmation(pending)


@task()
def send_digest(subscriber_id: int) -> bool:
    from network.digests import send_digest as send

    return send(subscriber_id)


@task()
def send_networking_list(registration_id: int) -> bool:
    from network.participants import send_networking_list as send

    return send(registration_id)


@task()
def send_contact_message(address_id: int, data: dict) -> None:
    from network.contact import send_contact_message as send

    send(address_id, data)
