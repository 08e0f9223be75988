"""Background tasks of the events app."""

from django_tasks import task


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    from events.emails import send_registration_email as send
    from events.models import Registration

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is not None:
        send(registration, kind)


@task()
def expire_seat_offers() -> int:
    from events.services import expire_offers

    return expire_offers()
