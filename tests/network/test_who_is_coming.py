"""Who is coming: consenting participants see each other; a participant without consent appears
nowhere (no page, no list, no e-mail, no calendar); withdrawing takes effect at once."""

import datetime as dt

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from events.models import RegistrationStatus
from events.services import Applicant, book_seat
from tests.events.factories import make_event, open_registration_page, translate_event
from tests.events.test_registration_views import VALID_EAN, form_data

pytestmark = pytest.mark.django_db

SHOWN = "Sofie Sørensen"
ALSO_SHOWN = "Peter Pallesen"
HIDDEN = "Hemmelige Hanne"


def book(event, name, shares, **fields):
    applicant = Applicant(
        name=name,
        email=f"{name.split()[0].lower()}@example.dk",
        price_option_id=event.price_options[0].id,
        payer_type="private",
        accepted_terms=True,
        billing_address="Idéstien 1, 5500 Middelfart",
        profession=f"Profession of {name}",
        workplace=f"Workplace of {name}",
        shares_with_participants=shares,
        **fields,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        return book_seat(event, applicant)


@pytest.fixture
def event():
    start = timezone.now() + dt.timedelta(days=20)
    return make_event(start=start, end=start + dt.timedelta(hours=6), capacity=10)


@pytest.fixture
def people(event):
    return {
        "shown": book(event, SHOWN, True),
        "also_shown": book(event, ALSO_SHOWN, True),
        "hidden": book(event, HIDDEN, False),
    }


def page_of(client, registration) -> str:
    return client.get(open_registration_page(client, registration)).content.decode()


def act_on(client, registration, action):
    return client.post(open_registration_page(client, registration), {"action": action})


def test_the_registration_form_records_the_consent_with_its_time(client, event):
    response = client.post(event.url, form_data(event, share_with_participants="on"))
    assert response.status_code == 302
    registration = event.registrations.get()
    assert registration.shares_with_participants
    assert registration.shares_with_participants_at is not None
    client.post(event.url, form_data(event, email="anden@example.dk", ean=VALID_EAN))
    assert not event.registrations.get(email="anden@example.dk").shares_with_participants


def test_consenting_participants_see_each_other_and_never_the_non_consenting(client, people):
    body = page_of(client, people["shown"])
    assert ALSO_SHOWN in body and "Profession of Peter Pallesen" in body and "Workplace of Peter" in body
    assert HIDDEN not in body
    assert "Profession of Hemmelige" not in body


def test_a_non_consenting_participant_sees_no_list(client, people):
    body = page_of(client, people["hidden"])
    assert SHOWN not in body and ALSO_SHOWN not in body


def test_the_event_page_shows_a_count_and_no_names(client, event, people):
    english = translate_event(event, title="Who is coming test", slug="who-is-coming-test")
    for page in (event, english):
        body = client.get(page.url).content.decode()
        assert "3</dd>" in body
        for name in (SHOWN, ALSO_SHOWN, HIDDEN):
            assert name not in body
        calendar = client.get(page.url + "calendar/").content.decode()
        assert SHOWN not in calendar and HIDDEN not in calendar


def test_a_waiting_participant_is_not_counted_or_listed(client, event, people):
    event.capacity = 3
    event.save()
    waiting = book(event, "Ventende Villads", True)
    assert waiting.status == RegistrationStatus.WAITING
    assert "Ventende" not in page_of(client, people["shown"])
    assert SHOWN not in page_of(client, waiting)


def test_withdrawing_removes_the_participant_at_once(client, people):
    response = act_on(client, people["also_shown"], "stop_sharing")
    assert response.status_code == 302
    assert ALSO_SHOWN not in page_of(client, people["shown"])
    # And the one who withdrew no longer sees the others.
    assert SHOWN not in page_of(client, people["also_shown"])


def test_a_participant_can_agree_later_from_the_same_page(client, people):
    act_on(client, people["hidden"], "share")
    assert HIDDEN in page_of(client, people["shown"])
    assert SHOWN in page_of(client, people["hidden"])


def test_networking_list_goes_to_consenting_participants_once_after_the_event(event, people):
    mail.outbox.clear()
    call_command("send_networking_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not mail.outbox  # the event has not happened yet
    with time_machine.travel(event.end + dt.timedelta(days=1), tick=False):
        call_command("send_networking_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_networking_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(message.to[0] for message in mail.outbox) == ["peter@example.dk", "sofie@example.dk"]
    for message in mail.outbox:
        assert HIDDEN not in message.body and HIDDEN not in message.alternatives[0][0]
    to_sofie = next(message for message in mail.outbox if message.to == ["sofie@example.dk"])
    assert ALSO_SHOWN in to_sofie.body
    assert to_sofie.subject.startswith("Hvem var med: ")


def test_withdrawn_consent_keeps_a_participant_out_of_the_networking_list(client, event, people):
    act_on(client, people["also_shown"], "stop_sharing")
    book(event, "Tredje Trine", True)
    mail.outbox.clear()
    with time_machine.travel(event.end + dt.timedelta(days=1), tick=False):
        call_command("send_networking_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(message.to[0] for message in mail.outbox) == ["sofie@example.dk", "tredje@example.dk"]
    for message in mail.outbox:
        assert ALSO_SHOWN not in message.body and HIDDEN not in message.body


def test_anonymised_participants_are_never_shown(client, people):
    from events.models.registration import Retention
    from events.retention import anonymise

    anonymise(
        type(people["also_shown"]).objects.filter(pk=people["also_shown"].pk),
        timezone.now(),
        Retention.PEOPLE,
    )
    assert ALSO_SHOWN not in page_of(client, people["shown"])
