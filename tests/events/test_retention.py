"""Reminders, retention of personal data, and export or erasure for one e-mail address."""

import datetime as dt

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command

from core.personal_data import ANONYMOUS_NAME
from events.models import Registration
from events.retention import (
    apply_retention,
    erase_registrations,
    export_registrations,
    send_reminders,
)
from events.services import Applicant, book_seat
from tests.events.factories import local, make_event

pytestmark = pytest.mark.django_db


def register(event, email, **fields):
    return book_seat(
        event,
        Applicant(
            name="Sofie Hansen",
            email=email,
            price_option_id=event.price_options[0].id,
            payer_type="public",
            accepted_terms=True,
            organisation_name="Middelfart Kommune",
            ean="5798000000001",
            person_reference="Jens Jensen",
            dietary_needs="Glutenallergi",
            accessibility_needs="Kørestol",
            **fields,
        ),
    )


@pytest.fixture
def event():
    with time_machine.travel(local(2026, 11, 1, 12), tick=False):
        return make_event(start=local(2026, 12, 10, 9), end=local(2026, 12, 10, 15), capacity=5)


def test_reminder_goes_once_to_confirmed_participants_in_their_language(
    event, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(2026, 11, 1, 12), tick=False):
        register(event, "sofie@example.dk")
    with (
        time_machine.travel(local(2026, 12, 7, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_reminders() == 0, "three days before is outside the two-day reminder period"
    with (
        time_machine.travel(local(2026, 12, 8, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_reminders() == 1
        assert send_reminders() == 0, "never twice"
    (reminder,) = mail.outbox
    assert reminder.subject == f"Vi ses snart: {event.title}"


def test_retention_clears_notes_then_people_then_invoice_details(event):
    with time_machine.travel(local(2026, 11, 1, 12), tick=False):
        registration = register(event, "sofie@example.dk")
    with time_machine.travel(local(2027, 1, 5), tick=False):
        assert apply_retention() == {"notes": 0, "people": 0, "invoices": 0}
    with time_machine.travel(local(2027, 1, 10, 12), tick=False):
        assert apply_retention()["notes"] == 1
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.accessibility_needs) == ("", "")
    assert registration.name == "Sofie Hansen"

    with time_machine.travel(local(2027, 12, 20), tick=False):
        assert apply_retention()["people"] == 1
    registration.refresh_from_db()
    assert registration.name == ANONYMOUS_NAME and "sofie" not in registration.email
    assert registration.ean == "5798000000001", "invoice details are kept five years"

    with time_machine.travel(local(2032, 1, 1), tick=False):
        assert apply_retention()["invoices"] == 1
    registration.refresh_from_db()
    assert (registration.ean, registration.person_reference, registration.organisation_name) == ("", "", "")


def test_export_and_erase_the_registrations_of_one_address(event):
    with time_machine.travel(local(2026, 11, 1, 12), tick=False):
        register(event, "sofie@example.dk")
        register(event, "other@example.dk")
    (exported,) = export_registrations("SOFIE@example.dk")
    assert exported["name"] == "Sofie Hansen" and exported["dietary_needs"] == "Glutenallergi"
    assert erase_registrations("sofie@example.dk") == 1
    assert export_registrations("sofie@example.dk") == []
    assert Registration.objects.filter(name="Sofie Hansen").count() == 1, "the other person is untouched"
    assert Registration.objects.filter(name=ANONYMOUS_NAME, dietary_needs="").count() == 1


def test_scheduled_jobs_command_runs_all_three(event, capsys):
    with time_machine.travel(local(2026, 12, 9, 12), tick=False):
        register(event, "sofie@example.dk")
        call_command("run_event_jobs")
    assert "Reminders sent: 1" in capsys.readouterr().out
    assert Registration.objects.get().reminder_sent_at is not None
    assert dt.date(2026, 12, 9) == Registration.objects.get().reminder_sent_at.date()
