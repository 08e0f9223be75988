"""The services write the audit log themselves, whoever calls them, and staff changes keep seats and
rooms within capacity."""

import datetime as dt
import importlib

import pytest
import time_machine

from django.apps import apps
from django.urls import reverse
from django.utils import translation

from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from events.models import Registration, RegistrationStatus
from events.services import (
    accept_offer,
    audit,
    cancel_registration,
    check_in,
    expire_offers,
    offer_free_seats,
    update_details,
)
from events.services.audit import PARTICIPANT, staff
from tests.events.factories import local, make_event, make_registration

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)
FIRST_NIGHT, SECOND_NIGHT = dt.date(2027, 1, 13), dt.date(2027, 1, 14)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def event():
    """Two seats, two rooms a night: Karen (both nights) and Søren confirmed, Ib waiting."""
    return make_event(
        start=local(2027, 1, 14, 9, 30),
        end=local(2027, 1, 15, 15),
        capacity=2,
        accommodation_price_per_night="695.00",
        rooms_per_night=2,
    )


def entries(registration, action=None):
    found = ModelLogEntry.objects.filter(object_id=str(registration.pk)).order_by("pk")
    return list(found.filter(action=action) if action else found)


def message_of(entry) -> str:
    with translation.override("en"):
        return str(log_registry.get_formatter(entry).format_message(entry))


def test_a_participant_cancelling_is_logged_with_the_offer_it_leads_to(event):
    karen = make_registration(event, "Karen Blixen")
    make_registration(event, "Søren Kierkegaard")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)

    cancel_registration(karen, by=PARTICIPANT)

    (cancelled,) = entries(karen, audit.CANCELLED)
    (offered,) = entries(ib, audit.OFFERED)
    for entry in (cancelled, offered):
        assert entry.user is None and entry.data == {"by": "participant"}
        assert "Karen" not in entry.label and "Ib" not in entry.label, "no name in the log"
    assert message_of(cancelled) == "Registration cancelled (by the participant)"
    assert message_of(offered) == "Seat offered from the waiting list (by the participant)"


def test_the_expiry_job_logs_the_expired_offer_and_the_next_one(event):
    karen = make_registration(event, "Karen Blixen")
    make_registration(event, "Søren Kierkegaard")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)
    anna = make_registration(event, "Anna Ancher", status=RegistrationStatus.WAITING)
    cancel_registration(karen, by=PARTICIPANT)
    with time_machine.travel(NOW + dt.timedelta(hours=49), tick=False):
        assert expire_offers() == 1
    (expired,) = entries(ib, audit.EXPIRED)
    (offered,) = entries(anna, audit.OFFERED)
    assert expired.data == offered.data == {"by": "schedule"}
    assert expired.user is None
    assert message_of(expired) == "Seat offer expired without an answer (by the scheduled job)"


def test_accepting_and_staff_actions_are_logged_with_who_did_them(event, admin_user):
    karen = make_registration(event, "Karen Blixen")
    make_registration(event, "Søren Kierkegaard")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)
    cancel_registration(karen, by=staff(admin_user))
    accept_offer(ib)
    assert check_in(ib, user=admin_user) is True
    assert check_in(ib, user=admin_user) is False, "a double tap changes and logs nothing"

    assert [entry.user for entry in entries(karen)] == [admin_user]
    assert [entry.action for entry in entries(ib)] == [audit.OFFERED, audit.ACCEPTED, audit.CHECKED_IN]
    assert [entry.user for entry in entries(ib)] == [admin_user, None, admin_user]


def test_no_seat_is_offered_once_the_event_has_started(event):
    karen = make_registration(event, "Karen Blixen")
    make_registration(event, "Søren Kierkegaard")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)
    with time_machine.travel(event.start + dt.timedelta(hours=1), tick=False):
        cancel_registration(karen, by=staff(None))
        assert offer_free_seats(event, by=PARTICIPANT) == []
    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.WAITING, "an offer that ends before it is made helps nobody"


def test_staff_corrections_write_only_the_details_staff_may_edit(event, admin_user):
    karen = make_registration(event, "Karen Blixen")
    stale = Registration.objects.get(pk=karen.pk)  # loaded before the participant cancels
    cancel_registration(karen, by=PARTICIPANT)
    stale.workplace = "Rungstedlund"
    stale.price_amount = 0

    update_details(stale, user=admin_user)

    karen.refresh_from_db()
    assert karen.workplace == "Rungstedlund"
    assert karen.status == RegistrationStatus.CANCELLED, "the stale status is not written back"
    assert karen.price_amount == 1500
    (edited,) = entries(karen, audit.EDITED)
    assert edited.user == admin_user and "Karen" not in edited.label


def test_old_log_entries_lose_the_name_in_their_label(event):
    karen = make_registration(event, "Karen Blixen")
    ModelLogEntry.objects.log_action(karen, audit.CHECKED_IN)  # labelled "Karen Blixen – …" as before
    migration = importlib.import_module("events.migrations.0007_registration_log_labels")
    migration.relabel(apps, None)
    (entry,) = entries(karen)
    assert entry.label == f"#{karen.pk} · {event.title}"


# Staff changes keep rooms within capacity -----------------------------------------------------------


def test_staff_offering_seats_skips_people_whose_nights_are_full_and_says_so(admin_client, event):
    make_registration(event, "Karen Blixen", nights=[FIRST_NIGHT, SECOND_NIGHT])
    make_registration(event, "Søren Kierkegaard", nights=[FIRST_NIGHT, SECOND_NIGHT])
    ib = make_registration(
        event, "Ib Spang", status=RegistrationStatus.WAITING, nights=[FIRST_NIGHT, SECOND_NIGHT]
    )
    event.capacity = 3  # an editor adds a seat, but no room
    event.save()

    response = admin_client.post(reverse("events_admin:offer_seats", args=[event.pk]), follow=True)

    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.WAITING
    assert "ask for a night without a free room" in response.content.decode() or (
        "ønsker en nat uden ledigt værelse" in response.content.decode()
    )
    anna = make_registration(event, "Anna Ancher", status=RegistrationStatus.WAITING)
    admin_client.post(reverse("events_admin:offer_seats", args=[event.pk]))
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.OFFERED, "someone who needs no room gets the seat"


def test_staff_deleting_a_registration_frees_its_rooms_for_the_next_person_waiting(admin_client, event):
    karen = make_registration(event, "Karen Blixen", nights=[FIRST_NIGHT, SECOND_NIGHT])
    make_registration(event, "Søren Kierkegaard", nights=[FIRST_NIGHT, SECOND_NIGHT])
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING, nights=[FIRST_NIGHT])

    admin_client.post(reverse("registrations:delete", args=[karen.pk]))

    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.OFFERED
    (deleted,) = ModelLogEntry.objects.filter(object_id=str(karen.pk), action=audit.DELETED)
    assert "Karen" not in deleted.label
