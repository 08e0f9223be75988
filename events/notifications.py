"""E-mails to registrants, sent through the tasks framework once the booking transaction has committed."""

from django.db import transaction

from events.models import Registration

KINDS = ("confirmation", "waiting_list", "seat_offer", "cancellation", "reminder", "registration_link")


def notify(registration: Registration, kind: str) -> None:
    """Queue an e-mail; a rolled-back booking never sends one."""
    from events.tasks import send_registration_email

    assert kind in KINDS, kind  # noqa: S101 (a programming error, not input)
    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))
