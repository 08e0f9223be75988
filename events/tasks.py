"""Background tasks of the events app."""

from django_tasks import task

from django.utils.translation import gettext_lazy as _

from core.tasks import email_task


def registrant_address(registration_id: int, kind: str) -> str | None:
    from events.models import Registration

    return Registration.objects.filter(pk=registration_id).values_list("email", flat=True).first()


@email_task(
    label=_("Registration e-mail"),
    recipient=registrant_address,
    recipient_permission="events.view_registration",
)
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
